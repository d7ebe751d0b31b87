"""The run-directory files written by minimind_recorder.formats read back as written."""
import math
import os
import struct
import tempfile
import unittest

import support  # noqa: F401  (path, torch)
import torch

from minimind_recorder import formats
from minimind_recorder.stats import slot_stats


def varint_reference(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


class FormatsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def test_varints_match_the_byte_by_byte_encoding(self):
        values = [0, 1, 127, 128, 300, 16383, 16384, 2 ** 21, 2 ** 31 - 1, 2 ** 34 + 5]
        expected = b"".join(varint_reference(v) for v in values)
        self.assertEqual(expected, formats._varints(torch.tensor(values)))

    def test_slot_counts_round_trip_and_truncate(self):
        g = torch.Generator().manual_seed(1)
        snaps = []
        for step in (5, 10, 15):
            c = torch.randint(0, 400, (3, 1000), generator=g)
            c[c < 300] = 0  # sparse, like a batch over a big bank
            snaps.append((step, c))
            formats.append_slot_counts(self.path("c.bin"), step, c)
        back = formats.read_slot_counts(self.path("c.bin"))
        self.assertEqual([s for s, _ in snaps], [s for s, _ in back])
        for (_, a), (_, b) in zip(snaps, back):
            self.assertTrue(torch.equal(a, b))
        formats.truncate_slot_counts(self.path("c.bin"), 10)
        self.assertEqual([5, 10], [s for s, _ in formats.read_slot_counts(self.path("c.bin"))])
        with self.assertRaises(IOError):
            formats.append_slot_counts(self.path("c.bin"), 20, torch.zeros(2, 1000, dtype=torch.int64))

    def test_a_record_cut_short_is_ignored(self):
        c = torch.arange(64).reshape(2, 32)
        formats.append_slot_counts(self.path("c.bin"), 1, c)
        formats.append_slot_counts(self.path("c.bin"), 2, c)
        with open(self.path("c.bin"), "r+b") as f:
            f.truncate(os.path.getsize(self.path("c.bin")) - 3)
        self.assertEqual([1], [s for s, _ in formats.read_slot_counts(self.path("c.bin"))])

    def test_slot_drift_is_big_endian_with_its_step(self):
        v = torch.tensor([0.5, -1.25, 3.0e-7, 42.0])
        formats.write_slot_drift(self.path("d.bin"), 7, v)
        with open(self.path("d.bin"), "rb") as f:
            raw = f.read()
        self.assertEqual(b"MMSD" + struct.pack(">qi4f", 7, 4, *v.tolist()), raw)
        step, back = formats.read_slot_drift(self.path("d.bin"))
        self.assertEqual(7, step)
        self.assertEqual(v.tolist(), back)

    def test_safetensors_round_trip_in_every_dtype(self):
        t = {"a": torch.randn(3, 5), "b": torch.randn(7).to(torch.bfloat16),
             "c": torch.randn(2, 2).half(), "d": torch.arange(6).reshape(2, 3)}
        formats.write_safetensors(self.path("m.safetensors"), t, {"step": 3})
        back, meta = formats.read_safetensors(self.path("m.safetensors"))
        self.assertEqual({"step": "3"}, meta)
        for k in t:
            self.assertEqual(t[k].dtype, back[k].dtype)
            self.assertTrue(torch.equal(t[k], back[k]), k)
        with open(self.path("m.safetensors"), "rb") as f:
            (n,) = struct.unpack("<Q", f.read(8))
        self.assertEqual(0, n % 8)

    def test_metrics_rows_leave_unmeasured_cells_empty_and_truncate(self):
        for s in (1, 2, 3):
            formats.append_metrics(self.path("m.csv"), [{"step": s, "tokens": 10 * s, "loss": 1.0 / s,
                                                        "val_loss": float("nan")}], 2)
        with open(self.path("m.csv")) as f:
            lines = f.read().splitlines()
        self.assertEqual(formats.metrics_columns(2), lines[0].split(","))
        self.assertEqual(9 + 5 + 5 + 16 + 1, len(lines[0].split(",")))
        rows = formats.read_metrics(self.path("m.csv"))
        self.assertEqual([1, 2, 3], [r["step"] for r in rows])
        self.assertTrue(math.isnan(rows[0]["val_loss"]))
        self.assertAlmostEqual(0.5, rows[1]["loss"])
        formats.truncate_metrics(self.path("m.csv"), 2)
        self.assertEqual([1, 2], [r["step"] for r in formats.read_metrics(self.path("m.csv"))])

    def test_parameter_groups_follow_the_workbench(self):
        self.assertEqual("memory_bank", formats.group_of("memory_bank"))
        self.assertEqual("memory_gate", formats.group_of("layers.0.memory_gate.keys"))
        self.assertEqual("fusion", formats.group_of("layers.3.gated_memory_fusion.up_proj.weight"))
        self.assertEqual("fusion", formats.group_of("layers.3.memory_norm.weight"))
        self.assertEqual("attention", formats.group_of("layers.1.attention.wq.weight"))
        self.assertEqual("attention", formats.group_of("layers.1.attention_norm.weight"))
        self.assertEqual("embeddings", formats.group_of("norm.weight"))


class SlotStatsTest(unittest.TestCase):
    def test_statistics_of_known_counts(self):
        counts = torch.tensor([[2, 0, 1, 1], [1, 1, 1, 1]])
        s = slot_stats(counts)
        # layer 0: probs (0.5, 0, 0.25, 0.25); sorted (0, .25, .25, .5)
        gini = 2 * (0 * 1 + 0.25 * 2 + 0.25 * 3 + 0.5 * 4) / 4 - 5 / 4
        kl = sum(0.25 * (math.log(0.25) - math.log(p + 1e-10)) for p in (0.5, 0, 0.25, 0.25))
        self.assertAlmostEqual(gini, float(s[0, 0]), places=5)
        self.assertAlmostEqual(kl, float(s[0, 1]), places=3)
        self.assertAlmostEqual(0.75, float(s[0, 2]))  # coverage
        self.assertEqual(1, float(s[0, 3]))  # hot: at or above the 0.9 quantile (1.7)
        self.assertEqual(1, float(s[0, 4]))  # dead
        self.assertAlmostEqual(2 / 3, float(s[0, 5]), places=6)  # unbiased variance
        self.assertEqual((2, 0), (float(s[0, 6]), float(s[0, 7])))
        self.assertAlmostEqual(0.5 * kl + 0.5 * gini, float(s[0, 8]), places=3)
        # layer 1: uniform usage
        self.assertAlmostEqual(0.0, float(s[1, 0]), places=6)
        self.assertAlmostEqual(0.0, float(s[1, 1]), places=5)
        self.assertEqual(4, float(s[1, 3]))


if __name__ == "__main__":
    unittest.main()
