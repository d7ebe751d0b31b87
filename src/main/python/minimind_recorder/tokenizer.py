"""The workbench's ``tokenizer.json`` (byte-level BPE, as MiniMind's): through Hugging Face's
``tokenizers`` when it is installed, else through a small reader of the same file.

The reader implements what the workbench's ``BpeTokenizer`` does for plain text: GPT-2's split
(``'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+``) written as a
scanner over Unicode categories, each piece's UTF-8 bytes mapped to GPT-2's byte symbols, then the
merges applied by rank. Special tokens are not parsed out of text (the corpus packer adds
``<s>``/``</s>`` around documents itself).
"""
import json
import unicodedata

BOS_ID = 1
EOS_ID = 2

_OTHER, _LETTER, _NUMBER, _SPACE = 0, 1, 2, 3
_WHITE = set(range(0x09, 0x0E)) | {0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F,
                                   0x3000} | set(range(0x2000, 0x200B))
_CONTRACTIONS = ("'s", "'t", "'re", "'ve", "'m", "'ll", "'d")


def _class(ch):
    if ord(ch) in _WHITE:
        return _SPACE
    cat = unicodedata.category(ch)
    if cat[0] == "L":
        return _LETTER
    if cat[0] == "N":
        return _NUMBER
    return _OTHER


def split(text):
    """GPT-2's pre-tokenization of ``text``; the pieces concatenate to ``text``."""
    out, i, n = [], 0, len(text)
    classes = [_class(ch) for ch in text]

    def run(j, cls):
        while j < n and classes[j] == cls:
            j += 1
        return j

    while i < n:
        if text[i] == "'":
            c = next((c for c in _CONTRACTIONS if text.startswith(c, i)), None)
            if c:
                out.append(c)
                i += len(c)
                continue
        if text[i] == " " and i + 1 < n and classes[i + 1] != _SPACE:
            end = run(i + 1, classes[i + 1])
        elif classes[i] != _SPACE:
            end = run(i, classes[i])
        else:
            end = run(i, _SPACE)
            if end < n and end - i >= 2:
                end -= 1  # \s+(?!\S): the last space goes with the next piece
        out.append(text[i:end])
        i = end
    return out


def _byte_symbols():
    """GPT-2's reversible byte -> printable character map (Hugging Face's ByteLevel)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    cs, extra = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + extra)
            extra += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


class BpeReader:
    """A byte-level BPE tokenizer read from a Hugging Face ``tokenizer.json``."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        model = doc.get("model") or {}
        if model.get("type") != "BPE" or "vocab" not in model or "merges" not in model:
            raise ValueError(path + ": expected a tokenizer.json with a BPE model (vocab, merges)")
        self.vocab = model["vocab"]
        for t in doc.get("added_tokens") or []:
            self.vocab.setdefault(t["content"], t["id"])
        self.ranks = {}
        for r, m in enumerate(model["merges"]):
            pair = tuple(m.split(" ", 1)) if isinstance(m, str) else tuple(m)
            self.ranks[pair] = r
        self.symbols = _byte_symbols()
        self.bytes_of = {c: b for b, c in self.symbols.items()}
        self.tokens = {i: t for t, i in self.vocab.items()}
        self.cache = {}

    def vocab_size(self):
        return max(self.vocab.values()) + 1

    def _bpe(self, piece):
        word = [self.symbols[b] for b in piece.encode("utf-8")]
        while len(word) > 1:
            best, at = None, -1
            for k in range(len(word) - 1):
                r = self.ranks.get((word[k], word[k + 1]))
                if r is not None and (best is None or r < best):
                    best, at = r, k
            if best is None:
                break
            first, second = word[at], word[at + 1]
            merged, k = [], 0
            while k < len(word):
                if k < len(word) - 1 and word[k] == first and word[k + 1] == second:
                    merged.append(first + second)
                    k += 2
                else:
                    merged.append(word[k])
                    k += 1
            word = merged
        return [self.vocab[s] for s in word]

    def encode(self, text):
        ids = []
        for piece in split(text):
            cached = self.cache.get(piece)
            if cached is None:
                cached = self._bpe(piece)
                if len(self.cache) < 200_000:
                    self.cache[piece] = cached
            ids.extend(cached)
        return ids


    def decode(self, ids):
        """The text of ``ids`` (byte-level symbols back to UTF-8)."""
        data = bytes(self.bytes_of[ch] for i in ids for ch in self.tokens[i])
        return data.decode("utf-8", errors="replace")


class HfTokenizer:
    """The same file through Hugging Face's ``tokenizers`` (faster, when installed)."""

    def __init__(self, path):
        from tokenizers import Tokenizer
        self.tok = Tokenizer.from_file(path)

    def vocab_size(self):
        return self.tok.get_vocab_size()

    def encode(self, text):
        return self.tok.encode(text, add_special_tokens=False).ids


def load(path, prefer_hf=True):
    """The tokenizer of ``path``: Hugging Face's when importable (and preferred), else the reader."""
    if prefer_hf:
        try:
            return HfTokenizer(path)
        except ImportError:
            pass
    return BpeReader(path)
