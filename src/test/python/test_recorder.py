"""RunRecorder in one process: what a recorded step writes, and a writing failure surfaces."""
import os
import shutil
import tempfile
import unittest

import support
import torch

from minimind_recorder import RunRecorder, formats, seed

CONFIG = dict(seed.DEFAULTS, vocab_size=512, **support.TINY_CONFIG)


class RecorderTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp, True)
        torch.manual_seed(3)
        self.model = seed.build(support.MODEL, CONFIG)

    def step(self, rec, step, **kw):
        ids = torch.randint(0, 512, (3, 17))
        out = self.model(ids[:, :-1])
        self.seed_stats = out.get("layer_stats") or {}  # the seed reports its own per forward
        ce = torch.nn.functional.cross_entropy(out.logits.reshape(-1, 512), ids[:, 1:].reshape(-1))
        ce.backward()
        with torch.no_grad():
            self.model.memory_bank.add_(0.05)  # every slot moves by 0.05 * sqrt(Q)
        names = [n for n, p in self.model.named_parameters() if p.grad is not None]
        norms = torch.stack([p.grad.norm() for n, p in self.model.named_parameters() if p.grad is not None])
        rec.record(step, tokens=48 * step, lr=1e-3, ce=ce.detach(), tokens_per_s=100.0,
                   grad_norms=norms, param_names=names, **kw)
        self.model.zero_grad(set_to_none=True)
        return ce.item()

    def test_a_recorded_step_writes_the_global_counts_statistics_and_drift(self):
        rec = RunRecorder(self.tmp, self.model, layers=2, slots=256)
        ce = self.step(rec, 1, log=True, counts=True)
        seed_stats = self.seed_stats
        self.step(rec, 2, log=False, counts=False)  # nothing written, nothing measured
        rec.close()
        rows = formats.read_metrics(os.path.join(self.tmp, "metrics.csv"))
        self.assertEqual([1], [r["step"] for r in rows])
        r = rows[0]
        self.assertAlmostEqual(ce, r["ce"], places=5)
        self.assertAlmostEqual(r["ce"] + r["aux_loss"], r["loss"], places=9)
        self.assertAlmostEqual(0.05 * 8 ** 0.5, r["memory_avg_l2_change"], places=5)
        self.assertEqual(1.0, r["memory_update_rate"])
        (step, counts), = formats.read_slot_counts(os.path.join(self.tmp, "slot_counts.bin"))
        self.assertEqual(1, step)
        self.assertEqual([3 * 16 * 4] * 2, counts.sum(dim=1).tolist())
        for layer in range(2):
            used = int((counts[layer] > 0).sum())
            self.assertAlmostEqual(used / 256, r["layer_%d_coverage_rate" % layer], places=6)
            self.assertEqual(256 - used, r["layer_%d_dead_memories" % layer])
            self.assertEqual(float(counts[layer].max()), r["layer_%d_max_selections" % layer])
        for key, value in seed_stats.items():  # with the seed itself: its own statistics
            self.assertAlmostEqual(value, r[key], delta=1e-4 * max(1.0, abs(value)), msg=key)
        if support.MODEL.endswith("model_memory_1_4_4.py"):
            self.assertEqual(16, len(seed_stats))
        drift_step, drift = formats.read_slot_drift(os.path.join(self.tmp, "slot_drift.bin"))
        self.assertEqual(1, drift_step)
        self.assertAlmostEqual(r["memory_max_l2_change"], max(drift), places=6)

    def test_a_failure_to_write_is_raised_naming_the_run(self):
        missing = os.path.join(self.tmp, "gone")
        rec = RunRecorder(missing, self.model, layers=2, slots=256)
        self.step(rec, 1, log=True, counts=True)
        with self.assertRaises(RuntimeError) as e:
            rec.close()
        self.assertIn("recording %s failed" % missing, str(e.exception))


if __name__ == "__main__":
    unittest.main()
