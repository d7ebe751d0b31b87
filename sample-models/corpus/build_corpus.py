#!/usr/bin/env python3
"""Build the committed sample corpus (MiniMind pretraining JSON Lines) from two packages.

Inputs (unpacked, never committed):
  * npm ``chinese-poetry@2.0.1``  (``npm pack chinese-poetry@2.0.1 && tar xzf chinese-poetry-2.0.1.tgz``)
  * Debian ``r-cran-janeaustenr`` 1.0.0-1  (``apt-get download r-cran-janeaustenr && dpkg-deb -x *.deb DIR``)

Outputs, in ``--out`` (default: the directory of this script):
  * ``songci.jsonl``  complete Song ci of the most prolific named poets, ~3 MB
  * ``austen.jsonl``  Jane Austen's four novels published in her lifetime, ~3 MB

Each line is ``{"text": "..."}`` (UTF-8, Chinese not escaped). The output depends only on the
inputs, so a rerun produces byte-identical files; the SHA-256 of each file is printed at the end.

Song ci (dist/songci/ci.song.<N>.json, in numeric file order, entries in file order):
  * one ci per document: tune name (词牌), newline, author, newline, the lines of the ci one per
    line; the prologue field (six entries in the package) is not used;
  * whitespace runs become one space, ends trimmed; a ci with a character outside CJK ideographs,
    Chinese punctuation and the lacuna mark □ (encoding damage in the source) is dropped, and so
    is a ci whose text is marked missing or cut off (（缺词文）, （下缺）);
  * poets are taken whole, most ci first (ties: earliest in the package), anonymous works
    excluded, until the file reaches SONGCI_TARGET_BYTES; documents keep package order.

Austen (janeaustenr's lazy-load data, one character vector of lines per novel, decoded here):
  * the novels of AUSTEN_NOVELS in publication order; paragraphs are runs of non-blank lines,
    joined with single spaces, whitespace normalised; the title page before the first chapter,
    chapter and volume headings, end marks, scene breaks (* * *), bracketed notes about
    editions and _underscore_ emphasis marks are removed;
  * documents never cross a chapter: paragraphs are grouped greedily into documents of about
    AUSTEN_MIN_CHARS-AUSTEN_MAX_CHARS characters, joined with a newline; a paragraph longer than
    AUSTEN_MAX_CHARS is cut at sentence ends first.

Usage:
  /usr/bin/python3 build_corpus.py --chinese-poetry /tmp/package \
      --janeaustenr /tmp/janeaustenr-deb [--out DIR]

Standard library only.
"""

import argparse
import gzip
import hashlib
import json
import os
import re
import struct
import sys
import zlib

CHINESE_POETRY_VERSION = "2.0.1"
JANEAUSTENR_VERSION = "1.0.0"

# Song ci: poets are taken whole, most prolific first, until this many bytes of JSON Lines.
SONGCI_TARGET_BYTES = 3_000_000
# Authors that are not one named poet: anonymous works.
SONGCI_EXCLUDED_AUTHORS = {"无名氏"}
# A ci is kept only if every character of its tune name, author and text is a CJK ideograph,
# Chinese punctuation or the lacuna mark; this drops the few entries with encoding damage
# (stray kana, Cyrillic, U+FFFD, box drawing) in the source data.
SONGCI_ALLOWED = re.compile(
    "^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
    "。，、；：？！“”‘’《》（）〔〕…・□]+$")
# An editor's note that the text is lost or breaks off, e.g. （缺词文） or （下缺）: such a ci is
# dropped. Single lost characters, marked □, are kept as in the source.
SONGCI_MISSING = re.compile("（[^）]*缺[^）]*）")

# Austen: the four novels published in her lifetime, in publication order
# (R object name in janeaustenr, title, year).
AUSTEN_NOVELS = [
    ("sensesensibility", "Sense and Sensibility", 1811),
    ("prideprejudice", "Pride and Prejudice", 1813),
    ("mansfieldpark", "Mansfield Park", 1814),
    ("emma", "Emma", 1815),
]
AUSTEN_MIN_CHARS = 300
AUSTEN_MAX_CHARS = 1500

HEADING = re.compile(r"^(VOLUME|Volume|CHAPTER|Chapter)\s+([IVXLC]+|\d+)\.?$")
END_MARK = re.compile(r"^(THE END|FINIS|Finis)$")
SCENE_BREAK = re.compile(r"^[*\s]+$")
EDITORIAL = re.compile(r"^\[.*\bedition(s)?\b.*\]$")
GUTENBERG = re.compile(r"\*\*\*\s*(START|END) OF (THE|THIS) PROJECT GUTENBERG", re.I)
EMPHASIS = re.compile(r"_([^_]+)_")
SPACES = re.compile(r"\s+")
SENTENCE_END = re.compile(r"[.!?][\"')]*(--)? ")
ABBREVIATIONS = {"Mr.", "Mrs.", "Dr.", "St.", "Esq.", "Messrs.", "Col."}


def fail(msg):
    sys.exit("build_corpus.py: " + msg)


# ---------------------------------------------------------------------------------------------
# R serialization (XDR, format version 2 or 3), enough for the lazy-load database of a data
# package: vectors (character, list, integer, logical, double), pairlists, symbols, references.
# ---------------------------------------------------------------------------------------------

NILVALUE_SXP, REFSXP = 254, 255
SYMSXP, LISTSXP, CHARSXP = 1, 2, 9
LGLSXP, INTSXP, REALSXP, STRSXP, VECSXP = 10, 13, 14, 16, 19
LATIN1_MASK = 1 << 2


class RVector:
    """An R vector: its SEXP type, its elements and its attributes (name -> value)."""

    def __init__(self, sexptype, values, attributes):
        self.sexptype = sexptype
        self.values = values
        self.attributes = attributes

    def names(self):
        n = self.attributes.get("names")
        return n.values if n is not None else None


class RUnserializer:
    def __init__(self, data, what):
        self.data = data
        self.pos = 0
        self.what = what
        self.refs = []

    def _int(self):
        if self.pos + 4 > len(self.data):
            fail("%s: truncated R serialization at byte %d" % (self.what, self.pos))
        (v,) = struct.unpack_from(">i", self.data, self.pos)
        self.pos += 4
        return v

    def read(self):
        if self.data[:2] != b"X\n":
            fail("%s: not an R XDR serialization (starts %r)" % (self.what, self.data[:2]))
        self.pos = 2
        version = self._int()
        self._int()  # writer R version
        self._int()  # minimal reader R version
        if version == 3:
            n = self._int()
            self.pos += n  # native encoding name
        elif version != 2:
            fail("%s: unsupported R serialization version %d" % (self.what, version))
        return self._item()

    def _length(self):
        n = self._int()
        if n == -1:
            hi, lo = self._int(), self._int()
            n = (hi << 32) + lo
        return n

    def _attributes(self, has_attr):
        if not has_attr:
            return {}
        pairs = self._item()
        return {tag: value for tag, value in pairs}

    def _item(self):
        flags = self._int()
        t = flags & 0xFF
        levels = flags >> 12
        has_attr = bool(flags & (1 << 9))
        has_tag = bool(flags & (1 << 10))
        if t == NILVALUE_SXP:
            return None
        if t == REFSXP:
            index = flags >> 8
            if index == 0:
                index = self._int()
            return self.refs[index - 1]
        if t == SYMSXP:
            name = self._item()
            self.refs.append(name)
            return name
        if t == CHARSXP:
            n = self._int()
            if n == -1:
                return None  # NA_character_
            raw = self.data[self.pos:self.pos + n]
            self.pos += n
            return raw.decode("latin-1" if levels & LATIN1_MASK else "utf-8")
        if t == LISTSXP:
            out = []
            while True:
                self._attributes(has_attr)  # a pairlist node's own attributes: unused
                tag = self._item() if has_tag else None
                out.append((tag, self._item()))
                flags = self._int()
                t = flags & 0xFF
                if t == NILVALUE_SXP:
                    return out
                if t != LISTSXP:
                    fail("%s: unexpected pairlist tail type %d" % (self.what, t))
                has_attr = bool(flags & (1 << 9))
                has_tag = bool(flags & (1 << 10))
        if t in (STRSXP, VECSXP):
            n = self._length()
            values = [self._item() for _ in range(n)]
            return RVector(t, values, self._attributes(has_attr))
        if t in (LGLSXP, INTSXP):
            n = self._length()
            values = list(struct.unpack_from(">%di" % n, self.data, self.pos))
            self.pos += 4 * n
            return RVector(t, values, self._attributes(has_attr))
        if t == REALSXP:
            n = self._length()
            values = list(struct.unpack_from(">%dd" % n, self.data, self.pos))
            self.pos += 8 * n
            return RVector(t, values, self._attributes(has_attr))
        fail("%s: unsupported R SEXP type %d at byte %d" % (self.what, t, self.pos))


def read_lazyload_db(rdx_path):
    """Returns {object name: R value} for every variable of an R lazy-load database."""
    rdb_path = rdx_path[:-4] + ".rdb"
    with open(rdx_path, "rb") as f:
        raw = f.read()
    index = RUnserializer(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else
                          zlib.decompress(raw[4:]), rdx_path).read()
    parts = dict(zip(index.names(), index.values))
    variables = parts["variables"]
    compressed = parts.get("compressed")
    if compressed is not None and compressed.values[0] not in (1, True):
        fail("%s: only zlib-compressed lazy-load databases are supported" % rdx_path)
    with open(rdb_path, "rb") as f:
        rdb = f.read()
    out = {}
    for name, where in zip(variables.names(), variables.values):
        offset, length = where.values
        block = rdb[offset:offset + length]
        (expected,) = struct.unpack(">I", block[:4])
        data = zlib.decompress(block[4:])
        if len(data) != expected:
            fail("%s: object %s inflates to %d bytes, index says %d"
                 % (rdb_path, name, len(data), expected))
        out[name] = RUnserializer(data, "%s:%s" % (rdb_path, name)).read()
    return out


# ---------------------------------------------------------------------------------------------
# Song ci
# ---------------------------------------------------------------------------------------------

def jsonl_line(text):
    return json.dumps({"text": text}, ensure_ascii=False) + "\n"


def norm_ci(s):
    return SPACES.sub(" ", s).strip()


def find_chinese_poetry(root):
    for cand in (root, os.path.join(root, "package")):
        if os.path.isfile(os.path.join(cand, "package.json")):
            return cand
    fail("%s: no package.json of chinese-poetry found" % root)


def build_songci(root):
    root = find_chinese_poetry(root)
    with open(os.path.join(root, "package.json"), encoding="utf-8") as f:
        version = json.load(f).get("version")
    if version != CHINESE_POETRY_VERSION:
        fail("expected chinese-poetry %s, found %s" % (CHINESE_POETRY_VERSION, version))
    songci_dir = os.path.join(root, "dist", "songci")
    numbered = []
    for name in os.listdir(songci_dir):
        m = re.fullmatch(r"ci\.song\.(\d+)\.json", name)
        if m:
            numbered.append((int(m.group(1)), name))
    numbered.sort()
    cis = []  # (author, document text) in package order
    dropped = fragments = 0
    for _, name in numbered:
        with open(os.path.join(songci_dir, name), encoding="utf-8") as f:
            for entry in json.load(f):
                author = norm_ci(entry["author"])
                tune = norm_ci(entry["rhythmic"])
                lines = [norm_ci(p) for p in entry["paragraphs"]]
                lines = [p for p in lines if p]
                if not lines or not author or not tune:
                    dropped += 1
                    continue
                if not all(SONGCI_ALLOWED.match(s) for s in [author, tune] + lines):
                    dropped += 1
                    continue
                if any(SONGCI_MISSING.search(s) for s in lines):
                    fragments += 1
                    continue
                cis.append((author, "\n".join([tune, author] + lines)))
    counts, sizes, first_seen = {}, {}, {}
    for i, (author, text) in enumerate(cis):
        counts[author] = counts.get(author, 0) + 1
        sizes[author] = sizes.get(author, 0) + len(jsonl_line(text).encode("utf-8"))
        first_seen.setdefault(author, i)
    ranked = sorted((a for a in counts if a not in SONGCI_EXCLUDED_AUTHORS),
                    key=lambda a: (-counts[a], first_seen[a]))
    chosen, total = [], 0
    for a in ranked:
        if total >= SONGCI_TARGET_BYTES:
            break
        chosen.append(a)
        total += sizes[a]
    chosen_set = set(chosen)
    docs = [text for author, text in cis if author in chosen_set]
    info = {"authors": [(a, counts[a]) for a in chosen], "dropped_damaged": dropped,
            "dropped_fragments": fragments, "ci_in_package": len(cis) + dropped + fragments}
    return docs, info


# ---------------------------------------------------------------------------------------------
# Austen
# ---------------------------------------------------------------------------------------------

def find_rdx(root):
    for dirpath, _, files in os.walk(root):
        if "Rdata.rdx" in files and os.path.basename(dirpath) == "data" \
                and os.path.basename(os.path.dirname(dirpath)) == "janeaustenr":
            return os.path.join(dirpath, "Rdata.rdx")
    fail("%s: no janeaustenr/data/Rdata.rdx below it" % root)


def check_janeaustenr_version(rdx):
    desc = os.path.join(os.path.dirname(os.path.dirname(rdx)), "DESCRIPTION")
    with open(desc, encoding="utf-8") as f:
        m = re.search(r"^Version:\s*(\S+)", f.read(), re.M)
    version = m.group(1) if m else None
    if version != JANEAUSTENR_VERSION:
        fail("expected janeaustenr %s, found %s" % (JANEAUSTENR_VERSION, version))


def austen_paragraphs(lines):
    """Yields chapters, each a list of clean paragraphs; front matter and end marks dropped."""
    paras, cur = [], []
    for line in lines + [""]:
        line = "" if line is None else line
        if line.strip():
            cur.append(line.strip())
        elif cur:
            paras.append(SPACES.sub(" ", " ".join(cur)).strip())
            cur = []
    chapters, chapter, started = [], None, False
    for p in paras:
        if GUTENBERG.search(p):
            continue
        if HEADING.match(p):
            if p.upper().startswith("CHAPTER"):
                started = True
                if chapter:
                    chapters.append(chapter)
                chapter = []
            continue
        if not started:
            continue  # title page before the first chapter
        if END_MARK.match(p) or EDITORIAL.match(p) or SCENE_BREAK.match(p):
            continue
        p = EMPHASIS.sub(r"\1", p)
        chapter.append(p)
    if chapter:
        chapters.append(chapter)
    return chapters


def split_long_paragraph(p):
    """Splits a paragraph longer than AUSTEN_MAX_CHARS at sentence ends into pieces of at most
    AUSTEN_MAX_CHARS characters (a single longer sentence stays whole). Joining the pieces with
    one space gives the paragraph back."""
    if len(p) <= AUSTEN_MAX_CHARS:
        return [p]
    sentences, start = [], 0
    for m in SENTENCE_END.finditer(p):
        before = p[start:m.start() + 1].rsplit(" ", 1)[-1]
        if before in ABBREVIATIONS or re.fullmatch(r"[A-Z]\.", before):
            continue
        sentences.append(p[start:m.end()].rstrip(" "))
        start = m.end()
    sentences.append(p[start:])
    pieces, cur = [], ""
    for s in sentences:
        if cur and len(cur) + 1 + len(s) > AUSTEN_MAX_CHARS:
            pieces.append(cur)
            cur = s
        else:
            cur = cur + " " + s if cur else s
    pieces.append(cur)
    return pieces


def austen_documents(chapter):
    """Groups a chapter's paragraphs into documents of about 300-1500 characters: paragraphs are
    joined with a newline; an over-long paragraph is cut at sentence ends first and its pieces
    continue one another with a space."""
    units = []  # (separator before this unit, text)
    for p in chapter:
        for i, piece in enumerate(split_long_paragraph(p)):
            units.append((" " if i else "\n", piece))
    docs, cur = [], ""
    for sep, text in units:
        if cur and len(cur) + 1 + len(text) > AUSTEN_MAX_CHARS and len(cur) >= AUSTEN_MIN_CHARS:
            docs.append(cur)
            cur = text
        else:
            cur = cur + sep + text if cur else text
    if cur:
        if docs and len(cur) < AUSTEN_MIN_CHARS:
            docs[-1] = docs[-1] + "\n" + cur
        else:
            docs.append(cur)
    return docs


def build_austen(root):
    rdx = find_rdx(root)
    check_janeaustenr_version(rdx)
    objects = read_lazyload_db(rdx)
    docs, info = [], []
    for name, title, year in AUSTEN_NOVELS:
        vec = objects.get(name)
        if vec is None or vec.sexptype != STRSXP:
            fail("%s: no character vector %s" % (rdx, name))
        chapters = austen_paragraphs(vec.values)
        novel_docs = [d for ch in chapters for d in austen_documents(ch)]
        docs.extend(novel_docs)
        info.append((title, year, len(vec.values), len(chapters), len(novel_docs)))
    return docs, info


# ---------------------------------------------------------------------------------------------

def write_jsonl(path, docs):
    data = "".join(jsonl_line(d) for d in docs).encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return len(data), hashlib.sha256(data).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chinese-poetry", required=True,
                    help="unpacked npm chinese-poetry-2.0.1.tgz (folder holding package/ or it)")
    ap.add_argument("--janeaustenr", required=True,
                    help="dpkg-deb -x of r-cran-janeaustenr, or the R package folder")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    args = ap.parse_args()

    songci, sinfo = build_songci(args.chinese_poetry)
    austen, ainfo = build_austen(args.janeaustenr)

    report = []
    for name, docs in (("songci.jsonl", songci), ("austen.jsonl", austen)):
        size, sha = write_jsonl(os.path.join(args.out, name), docs)
        lens = sorted(len(d) for d in docs)
        report.append("%s: %d documents, %d bytes, %d chars/doc median (min %d, max %d)\n  sha256 %s"
                      % (name, len(docs), size, lens[len(lens) // 2], lens[0], lens[-1], sha))
    report.append("songci: %d ci in package, %d dropped as damaged, %d as fragments, %d poets: %s"
                  % (sinfo["ci_in_package"], sinfo["dropped_damaged"],
                     sinfo["dropped_fragments"], len(sinfo["authors"]),
                     ", ".join("%s (%d)" % a for a in sinfo["authors"])))
    for title, year, lines, chapters, ndocs in ainfo:
        report.append("austen: %s (%d): %d lines, %d chapters, %d documents"
                      % (title, year, lines, chapters, ndocs))
    sys.stderr.write("\n".join(report) + "\n")


if __name__ == "__main__":
    main()
