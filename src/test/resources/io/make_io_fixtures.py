"""Writes the small checkpoint files used by the io package tests.

Run from this directory with Debian's PyTorch (torch 1.13, CPU) and numpy:
    /usr/bin/python3 make_io_fixtures.py
The .safetensors files are written by hand (no safetensors package needed).
"""
import collections
import json
import struct

import numpy as np
import torch

DTYPES = {
    torch.float32: "F32",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.int64: "I64",
    torch.int32: "I32",
}


def raw_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def write_safetensors(path, tensors):
    header = {}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        b = raw_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def views():
    g = torch.Generator().manual_seed(7)
    base = torch.arange(12, dtype=torch.float32).view(3, 4) + 0.5
    line = torch.arange(20, dtype=torch.float32) * 0.25
    grid = torch.arange(24, dtype=torch.float32).view(4, 6)
    tied = torch.randn(4, 3, generator=g)
    sd = collections.OrderedDict()
    sd["base"] = base
    sd["transposed"] = base.t()                      # stride (1, 4), shares base's storage
    sd["offset_slice"] = line[5:11].view(2, 3)        # storage_offset 5
    sd["strided"] = grid[::2, 1::2]                   # offset 1, stride (12, 2)
    sd["expanded"] = torch.tensor([[1.5, -2.0, 3.25]]).expand(4, 3)  # stride (0, 1)
    sd["half"] = torch.randn(5, 3, generator=g).half()
    sd["half_t"] = torch.randn(3, 5, generator=g).half().t()
    sd["bf16"] = torch.randn(2, 7, generator=g).bfloat16()
    sd["ids"] = torch.arange(10, dtype=torch.int64).view(2, 5) - 3
    sd["ids32"] = torch.tensor([-2147483648, -1, 0, 7, 2147483647], dtype=torch.int32)
    sd["scalar"] = torch.tensor(3.5)
    sd["empty"] = torch.zeros(0, 4)
    sd["tied_a"] = tied
    sd["tied_b"] = tied
    sd["param"] = torch.nn.Parameter(torch.full((2, 2), 0.75))
    torch.save(sd, "views.pth")
    write_safetensors("views.expected.safetensors",
                      collections.OrderedDict((k, v.detach()) for k, v in sd.items()))


def narrowing():
    rng = np.random.default_rng(11)
    n = 4096
    bits = rng.integers(0, 2**32, size=n, dtype=np.uint64).astype(np.uint32)
    x = bits.view(np.float32).copy()
    # Mostly values in and around the F16 range, including subnormals and overflow.
    x[: n // 2] = (rng.standard_normal(n // 2) * np.exp2(rng.integers(-30, 20, n // 2))).astype(np.float32)
    x = x[np.isfinite(x)]
    edges = np.array([0.0, -0.0, 1.0, -1.0, 65504.0, 65519.0, 65520.0, 2.0**-24, 2.0**-25,
                      3 * 2.0**-26, 2.0**-14, 1.0 + 2.0**-11, 1.0 + 3 * 2.0**-11,
                      np.inf, -np.inf, 3.4028235e38], dtype=np.float32)
    x = np.concatenate([edges, x]).astype(np.float32)
    t = torch.from_numpy(x)
    write_safetensors("narrowing.safetensors", collections.OrderedDict(
        [("input", t), ("half", t.half()), ("bf16", t.bfloat16())]))


def others():
    torch.save({"w": torch.ones(2)}, "legacy.pth", _use_new_zipfile_serialization=False)
    torch.save(collections.OrderedDict([("w", torch.ones(2, dtype=torch.float64))]), "double.pth")
    torch.save({"model": collections.OrderedDict([("w", torch.ones(2))]), "step": 3}, "nested.pth")


if __name__ == "__main__":
    views()
    narrowing()
    others()
