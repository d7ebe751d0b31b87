"""The workbench's run-directory files, written (and read back) from Python.

The layouts are those of the workbench's Java writers in ``org.minimind.workbench.metrics``
(``MetricsColumns``, ``MetricsCsv``, ``SlotCountsFile``, ``SlotDriftFile``) and
``org.minimind.workbench.model.Checkpoint``; the Java suite opens a run written by this module
(``PythonRunContractTest``) so the two sides cannot drift apart silently.

Only ``torch`` and the standard library are used: safetensors are written by hand (the format is a
JSON header and raw little-endian bytes), and the slot-count varints are encoded with tensor ops.
"""
import ctypes
import json
import math
import os
import struct
import tempfile

import torch

# metrics.csv ----------------------------------------------------------------------------------

STAT_NAMES = (
    "gini_coefficient",
    "kl_divergence",
    "coverage_rate",
    "hot_memories",
    "dead_memories",
    "selection_variance",
    "max_selections",
    "min_selections",
)
# the workbench's ParameterGroup, in its order
GROUPS = ("attention", "memory_gate", "fusion", "memory_bank", "embeddings")


def group_of(name):
    """The workbench's parameter group of a parameter named as in the seed's state_dict."""
    if name == "memory_bank":
        return "memory_bank"
    if ".memory_gate." in name:
        return "memory_gate"
    if ".gated_memory_fusion." in name or name.endswith(".memory_norm.weight"):
        return "fusion"
    if ".attention." in name or name.endswith(".attention_norm.weight"):
        return "attention"
    return "embeddings"


def metrics_columns(layers):
    """Every column of metrics.csv for a model of ``layers`` blocks, in the workbench's order."""
    c = ["step", "tokens", "loss", "ce", "aux_loss", "lr", "tokens_per_s", "grad_norm", "val_loss",
         "memory_avg_l2_change", "memory_max_l2_change", "memory_cosine_similarity",
         "memory_update_rate", "memory_token_change_rate"]
    c += ["grad_norm_" + g for g in GROUPS]
    for i in range(layers):
        c += ["layer_%d_%s" % (i, s) for s in STAT_NAMES]
    c.append("elapsed_s")
    return c


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, int):
        return str(v)
    v = float(v)
    return "" if math.isnan(v) else repr(v)  # an empty cell reads back as "not measured"


def append_metrics(path, rows, layers):
    """Appends rows (dicts keyed by column; missing keys are empty cells), header first if new."""
    cols = metrics_columns(layers)
    out = []
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        out.append(",".join(cols))
    for r in rows:
        out.append(",".join(_cell(r.get(c)) for c in cols))
    with open(path, "a", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def read_metrics(path):
    """The rows of metrics.csv as dicts of floats (NaN for empty cells), step and tokens as int."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    header = lines[0].split(",")
    rows = []
    for line in lines[1:]:
        cells = line.split(",")
        if len(cells) != len(header):
            continue
        r = {}
        for k, v in zip(header, cells):
            r[k] = int(v) if k in ("step", "tokens") else (float(v) if v else float("nan"))
        rows.append(r)
    return rows


def truncate_metrics(path, step):
    """Keeps the header and the complete rows up to ``step`` (a resumed run continues there)."""
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        content = f.read()
    lines = content.split("\n")
    if content.endswith("\n"):
        lines = lines[:-1]
    else:
        lines = lines[:-1]  # a row cut short
    if not lines:
        return
    n = len(lines[0].split(","))
    kept = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        try:
            if len(cells) == n and int(cells[0]) <= step:
                kept.append(line)
        except ValueError:
            pass
    write_atomically(path, ("\n".join(kept) + "\n").encode("utf-8"))


# slot_counts.bin ------------------------------------------------------------------------------

COUNTS_MAGIC = b"MMSC"


def _varints(values):
    """LEB128 varint bytes of a 1-D tensor of non-negative ints below 2**35, vectorised.

    Counts and slot deltas are mostly below 128 (one byte), so the first byte of every value is
    written in one pass and the few longer values get their further bytes in a pass per byte.
    """
    v = values.reshape(-1).to(torch.int64)
    if v.numel() == 0:
        return b""
    length = torch.ones_like(v)
    for k in range(1, 5):
        length += v >= (1 << (7 * k))
    offsets = torch.cumsum(length, 0) - length
    out = torch.empty(int(length.sum()), dtype=torch.uint8)
    out[offsets] = ((v & 0x7F) | ((length > 1).to(torch.int64) << 7)).to(torch.uint8)
    for k in range(1, 5):
        longer = length > k
        if not bool(longer.any()):
            break
        rest, n = v[longer], length[longer]
        out[offsets[longer] + k] = (((rest >> (7 * k)) & 0x7F) | ((n > k + 1).to(torch.int64) << 7)).to(torch.uint8)
    return _bytes(out)


def _varint(n):
    return _varints(torch.tensor([n]))


def encode_counts_record(step, counts):
    """One record: i64 step, then per layer the non-zero slots as (delta, count) varints."""
    parts = [struct.pack(">q", step)]
    for layer in counts:
        layer = layer.reshape(-1).to(torch.int64).cpu()
        slots = torch.nonzero(layer).reshape(-1)
        parts.append(_varint(slots.numel()))
        if slots.numel():
            delta = torch.diff(slots, prepend=torch.zeros(1, dtype=torch.int64))
            pairs = torch.stack([delta, layer[slots]], dim=1).reshape(-1)
            parts.append(_varints(pairs))
    return b"".join(parts)


def append_slot_counts(path, step, counts):
    """Appends a snapshot of ``counts`` (layers x slots ints), writing the header if new."""
    layers, slots = counts.shape
    fresh = not os.path.exists(path) or os.path.getsize(path) == 0
    data = encode_counts_record(step, counts)
    if fresh:
        data = COUNTS_MAGIC + bytes([1]) + _varint(layers) + _varint(slots) + data
    else:
        have = read_slot_counts_header(path)
        if have != (layers, slots):
            raise IOError("%s: holds %d layers x %d slots, not %d x %d" % (path, *have, layers, slots))
    with open(path, "ab") as f:
        f.write(data)


def _read_varint(buf, pos):
    v = shift = 0
    while True:
        if pos >= len(buf):
            raise EOFError
        b = buf[pos]
        pos += 1
        v |= (b & 0x7F) << shift
        if not b & 0x80:
            return v, pos
        shift += 7


def read_slot_counts_header(path):
    with open(path, "rb") as f:
        buf = f.read(32)
    if buf[:4] != COUNTS_MAGIC or buf[4] != 1:
        raise IOError(path + ": not a slot-counts file (version 1)")
    layers, pos = _read_varint(buf, 5)
    slots, _ = _read_varint(buf, pos)
    return layers, slots


def read_slot_counts(path):
    """Every complete snapshot: a list of (step, int64 tensor layers x slots)."""
    with open(path, "rb") as f:
        buf = f.read()
    if buf[:4] != COUNTS_MAGIC or buf[4] != 1:
        raise IOError(path + ": not a slot-counts file (version 1)")
    layers, pos = _read_varint(buf, 5)
    slots, pos = _read_varint(buf, pos)
    out = []
    while pos + 8 <= len(buf):
        try:
            (step,) = struct.unpack(">q", buf[pos:pos + 8])
            p = pos + 8
            counts = torch.zeros(layers, slots, dtype=torch.int64)
            for layer in range(layers):
                nnz, p = _read_varint(buf, p)
                slot = 0
                for _ in range(nnz):
                    d, p = _read_varint(buf, p)
                    c, p = _read_varint(buf, p)
                    slot += d
                    counts[layer, slot] = c
        except EOFError:
            break
        out.append((step, counts))
        pos = p
    return out


def truncate_slot_counts(path, step):
    """Drops the snapshots after ``step`` and any record cut short."""
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return
    with open(path, "rb") as f:
        buf = f.read()
    layers, pos = _read_varint(buf, 5)
    slots, pos = _read_varint(buf, pos)
    keep = pos
    while pos + 8 <= len(buf):
        (s,) = struct.unpack(">q", buf[pos:pos + 8])
        p = pos + 8
        try:
            for _ in range(layers):
                nnz, p = _read_varint(buf, p)
                for _ in range(2 * nnz):
                    _, p = _read_varint(buf, p)
        except EOFError:
            break
        if s > step:
            break
        keep = pos = p
    with open(path, "r+b") as f:
        f.truncate(keep)


# slot_drift.bin -------------------------------------------------------------------------------

def write_slot_drift(path, step, per_slot):
    """"MMSD", i64 step, i32 slots, then the per-slot L2 changes as big-endian f32; atomic."""
    v = per_slot.detach().reshape(-1).to(torch.float32).cpu()
    body = _bytes(_swap32(v))
    write_atomically(path, b"MMSD" + struct.pack(">qi", step, v.numel()) + body, durable=False)


def _swap32(v):
    """Big-endian bytes of a float32 tensor, as an int32 tensor (the host is little-endian)."""
    i = v.contiguous().view(torch.int32)
    u = i.to(torch.int64) & 0xFFFFFFFF
    s = ((u & 0xFF) << 24) | ((u & 0xFF00) << 8) | ((u >> 8) & 0xFF00) | ((u >> 24) & 0xFF)
    s = torch.where(s >= 2 ** 31, s - 2 ** 32, s)
    return s.to(torch.int32)


def read_slot_drift(path):
    with open(path, "rb") as f:
        buf = f.read()
    if buf[:4] != b"MMSD":
        raise IOError(path + ": not a slot-drift file")
    step, n = struct.unpack(">qi", buf[4:16])
    return step, list(struct.unpack(">%df" % n, buf[16:16 + 4 * n]))


# safetensors ----------------------------------------------------------------------------------

_ST_DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
              torch.int64: "I64", torch.int32: "I32"}
_ST_TORCH = {v: k for k, v in _ST_DTYPES.items()}


def _bytes(t):
    """The raw (native, little-endian) bytes of a tensor, without numpy."""
    t = t.detach().contiguous().cpu()
    n = t.numel() * t.element_size()
    return ctypes.string_at(t.data_ptr(), n) if n else b""


def write_safetensors(path, tensors, metadata=None):
    """Writes ``{name: tensor}`` as a .safetensors file, atomically (temporary file, rename)."""
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        if t.dtype not in _ST_DTYPES:
            raise ValueError("%s: cannot store dtype %s in safetensors" % (name, t.dtype))
        data = _bytes(t)
        header[name] = {"dtype": _ST_DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * (-len(h) % 8)  # the format pads the header to 8 bytes
    write_atomically(path, struct.pack("<Q", len(h)) + h + b"".join(chunks))


def read_safetensors(path):
    """``({name: tensor}, metadata)`` of a .safetensors file."""
    with open(path, "rb") as f:
        buf = f.read()
    (n,) = struct.unpack("<Q", buf[:8])
    header = json.loads(buf[8:8 + n])
    meta = header.pop("__metadata__", {})
    base = 8 + n
    out = {}
    for name, e in header.items():
        a, b = e["data_offsets"]
        dtype = _ST_TORCH[e["dtype"]]
        raw = bytearray(buf[base + a:base + b])
        t = torch.frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)
        out[name] = t.reshape(e["shape"])
    return out, meta


# files ----------------------------------------------------------------------------------------

def write_atomically(path, data, durable=True):
    """Writes bytes to a temporary file beside ``path`` and renames it over ``path``; ``durable``
    also waits for the disk first (checkpoints), which the files rewritten every step skip."""
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=d)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; the run is meant to be read
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_json_atomically(path, value):
    write_atomically(path, (json.dumps(value, indent=2, allow_nan=True) + "\n").encode("utf-8"))
