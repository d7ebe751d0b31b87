"""The tokenizer reader splits as GPT-2's expression does and encodes reversibly with the
workbench's tokenizer.json."""
import json
import os
import unittest

import support
from minimind_recorder import tokenizer


class TokenizerTest(unittest.TestCase):
    def test_split_follows_gpt2s_expression(self):
        self.assertEqual(["Hello", " world", "'s", " ", " test", "\n", "\n", "A", " 123", " ok", "!!"],
                         tokenizer.split("Hello world's  test\n\nA 123 ok!!"))
        self.assertEqual(["a", "  \t"], tokenizer.split("a  \t"))
        self.assertEqual(["a", "  ", "\t", "b"], tokenizer.split("a  \tb"))
        self.assertEqual(["春眠不觉晓", "，", "处处闻啼鸟"], tokenizer.split("春眠不觉晓，处处闻啼鸟"))

    def test_encode_is_reversible_and_uses_merges(self):
        tok = tokenizer.BpeReader(os.path.join(support.ROOT, "sample-models", "minimind-memory-small",
                                               "tokenizer.json"))
        self.assertEqual(6400, tok.vocab_size())
        with open(os.path.join(support.ROOT, "sample-models", "corpus", "songci.jsonl"), encoding="utf-8") as f:
            texts = [json.loads(next(f))["text"] for _ in range(3)]
        texts.append("It is a truth universally acknowledged, that a single man... 1813!")
        for text in texts:
            ids = tok.encode(text)
            self.assertEqual(text, tok.decode(ids))
            self.assertLess(len(ids), len(text.encode("utf-8")) / 1.5)  # merges applied
            self.assertTrue(all(i > 2 for i in ids))  # no special tokens from plain text

    def test_ids_are_the_workbenchs(self):
        # recorded with the workbench's BpeTokenizer.encode (whitespace runs, emoji, numbers,
        # contractions, Unicode spaces, Chinese, English); the reader was also compared with it on
        # 300 corpus documents
        with open(os.path.join(support.HERE, "fixtures", "workbench_encodings.json"), encoding="utf-8") as f:
            recorded = json.load(f)
        tok = tokenizer.BpeReader(os.path.join(support.ROOT, recorded["tokenizer"]))
        for case in recorded["cases"]:
            self.assertEqual(case["ids"], tok.encode(case["text"]), case["text"][:40])

    def test_a_file_without_a_bpe_model_is_refused(self):
        with self.assertRaises(ValueError) as e:
            tokenizer.BpeReader(os.path.join(support.ROOT, "sample-models", "minimind-memory-small",
                                             "config.json"))
        self.assertIn("config.json: expected a tokenizer.json", str(e.exception))


if __name__ == "__main__":
    unittest.main()
