"""Training data as the workbench reads it: a corpus file or folder of ``.txt`` (documents
separated by blank lines) and ``.jsonl`` (one object per line, its ``"text"`` the document), each
optionally ``.gz``; documents packed as ``<s> doc </s> <s> doc </s> ...`` and cut into sequences of
``seq_len + 1`` tokens; a share of the documents held out for validation.

Under DDP every rank draws the same global batch of ``batch_size * world_size`` sequences and
takes its own slice, so a run on W ranks sees exactly the batches of a one-process run with a
W-times larger batch.
"""
import gzip
import hashlib
import json
import os
import random

import torch

from .tokenizer import BOS_ID, EOS_ID


def corpus_files(path):
    """The corpus files of ``path`` (a file, or a folder searched recursively), sorted."""
    def is_corpus(name):
        n = name.lower()
        n = n[:-3] if n.endswith(".gz") else n
        return n.endswith(".txt") or n.endswith(".jsonl")

    if os.path.isfile(path):
        if not is_corpus(path):
            raise ValueError("--corpus %s: expected a .txt or .jsonl file (optionally .gz)" % path)
        return [path]
    if not os.path.isdir(path):
        raise ValueError("--corpus %s: no such file or folder" % path)
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs if is_corpus(f))
    if not files:
        raise ValueError("--corpus %s: no .txt or .jsonl files in this folder" % path)
    return files


def _open(path):
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def documents(path):
    """Yields the documents of a corpus file or folder, in order."""
    for f in corpus_files(path):
        jsonl = f.lower().replace(".gz", "").endswith(".jsonl")
        with _open(f) as lines:
            if jsonl:
                for no, line in enumerate(lines, 1):
                    if not line.strip():
                        continue
                    try:
                        text = json.loads(line)["text"]
                    except (ValueError, KeyError, TypeError):
                        raise ValueError('%s:%d: expected a JSON object with a "text" string' % (f, no))
                    if not isinstance(text, str):
                        raise ValueError('%s:%d: "text" must be a string' % (f, no))
                    if text.strip():
                        yield text
            else:
                doc = []
                for line in lines:
                    if line.strip():
                        doc.append(line.rstrip("\n"))
                    elif doc:
                        yield "\n".join(doc)
                        doc = []
                if doc:
                    yield "\n".join(doc)


def fingerprint(path):
    """sha256 over the corpus files' bytes, with their count and size."""
    h, size = hashlib.sha256(), 0
    files = corpus_files(path)
    for f in files:
        with open(f, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
                size += len(chunk)
    return {"sha256": h.hexdigest(), "files": len(files), "bytes": size}


def pack(path, tokenizer, seq_len, val_fraction, seed):
    """``(train, validation, documents)``: int32 tensors (sequences, seq_len + 1).

    A document goes to validation with probability ``val_fraction`` (a seeded draw per document);
    each side's documents are packed into one stream and cut into whole sequences.
    """
    rng = random.Random(seed)
    streams = ([], [])
    n = 0
    for text in documents(path):
        side = 1 if rng.random() < val_fraction else 0
        streams[side].append(BOS_ID)
        streams[side].extend(tokenizer.encode(text))
        streams[side].append(EOS_ID)
        n += 1
    out = []
    for s in streams:
        rows = len(s) // (seq_len + 1)
        out.append(torch.tensor(s[:rows * (seq_len + 1)], dtype=torch.int32).reshape(rows, seq_len + 1))
    if out[0].shape[0] == 0:
        raise ValueError("--corpus %s: too little text for one training sequence of %d tokens"
                         % (path, seq_len + 1))
    return out[0], out[1], n


class Sampler:
    """Global batches of ``batch * world`` sequences in a seeded order, epoch after epoch; each rank
    takes its slice. Its position (``seed=S;epoch=E;index=I``, as the workbench writes it) is saved
    in checkpoints and restored on resume."""

    def __init__(self, sequences, batch, world, rank, seed):
        if sequences.shape[0] < batch * world:
            raise ValueError("the corpus has %d training sequences, fewer than one global batch (%d)"
                             % (sequences.shape[0], batch * world))
        self.sequences, self.batch, self.world, self.rank, self.seed = sequences, batch, world, rank, seed
        self.epoch, self.index = 0, 0
        self._order()

    def _order(self):
        g = torch.Generator().manual_seed(self.seed + self.epoch)
        self.order = torch.randperm(self.sequences.shape[0], generator=g)

    def next(self):
        """This rank's share of the next global batch: int64 (batch, seq_len + 1)."""
        size = self.batch * self.world
        if self.index + size > self.order.numel():
            self.epoch, self.index = self.epoch + 1, 0
            self._order()
        rows = self.order[self.index + self.rank * self.batch:self.index + (self.rank + 1) * self.batch]
        self.index += size
        return self.sequences[rows].long()

    def position(self):
        return "seed=%d;epoch=%d;index=%d" % (self.seed, self.epoch, self.index)

    def restore(self, position):
        try:
            kv = dict(p.split("=", 1) for p in position.split(";"))
            seed, self.epoch, self.index = int(kv["seed"]), int(kv["epoch"]), int(kv["index"])
        except (ValueError, KeyError):
            raise ValueError("data position '%s': expected seed=S;epoch=E;index=I" % position)
        if seed != self.seed:
            raise ValueError("data position '%s' was saved with another seed than %d" % (position, self.seed))
        self._order()


class RandomTokens:
    """Uniform random token ids (benchmarks without a corpus); every rank draws its own slice of
    the same global batch."""

    def __init__(self, vocab, seq_len, batch, world, rank, seed):
        self.vocab, self.seq_len, self.batch, self.world, self.rank = vocab, seq_len, batch, world, rank
        self.seed, self.index = seed, 0

    def next(self):
        g = torch.Generator().manual_seed(self.seed * 1_000_003 + self.index)
        self.index += 1
        ids = torch.randint(0, self.vocab, (self.batch * self.world, self.seq_len + 1), generator=g)
        return ids[self.rank * self.batch:(self.rank + 1) * self.batch]

    def position(self):
        return "seed=%d;epoch=0;index=%d" % (self.seed, self.index)

    def restore(self, position):
        self.index = int(dict(p.split("=", 1) for p in position.split(";"))["index"])
