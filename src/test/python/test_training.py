"""The training script end to end: the run it writes, its resume, and DDP's recorded counts."""
import os
import shutil
import tempfile
import unittest

import support
import torch

from minimind_recorder import checkpoint, formats


def common(tmp, out):
    return ["--corpus", support.small_corpus(tmp), "--tokenizer", support.TOKENIZER,
            "--config", support.write_config(tmp), "--out", out, "--seed", "7", "--lr", "3e-3"]


class TrainingTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def test_two_ranks_record_the_counts_of_one_process_on_the_same_global_batch(self):
        settings = ["--max-steps", "3", "--log-interval", "1", "--counts-interval", "1",
                    "--eval-interval", "0", "--checkpoint-interval", "3"]
        one = os.path.join(self.tmp, "one")
        two = os.path.join(self.tmp, "two")
        support.train(common(self.tmp, one) + settings + ["--batch", "4"])
        out = support.train(common(self.tmp, two) + settings + ["--batch", "2"], nproc=2)
        self.assertIn("training tiny on 2 x cpu", out)
        single = formats.read_slot_counts(os.path.join(one, "slot_counts.bin"))
        ddp = formats.read_slot_counts(os.path.join(two, "slot_counts.bin"))
        self.assertEqual([1, 2, 3], [s for s, _ in ddp])
        # every selection of the global batch: 4 sequences x 16 positions x 4 slots per layer
        self.assertEqual([4 * 16 * 4] * 2, ddp[0][1].sum(dim=1).tolist())
        for (s1, c1), (s2, c2) in zip(single, ddp):
            self.assertEqual(s1, s2)
            self.assertTrue(torch.equal(c1, c2), "counts differ at step %d" % s1)
        rows1 = formats.read_metrics(os.path.join(one, "metrics.csv"))
        rows2 = formats.read_metrics(os.path.join(two, "metrics.csv"))
        self.assertEqual([r["tokens"] for r in rows1], [r["tokens"] for r in rows2])
        for r1, r2 in zip(rows1, rows2):
            self.assertAlmostEqual(r1["ce"], r2["ce"], places=4)
            self.assertAlmostEqual(r1["layer_0_gini_coefficient"], r2["layer_0_gini_coefficient"], places=5)
            self.assertAlmostEqual(r1["grad_norm"], r2["grad_norm"], places=4)

    def test_a_run_resumes_from_its_last_checkpoint_without_a_seam(self):
        settings = ["--max-steps", "6", "--log-interval", "1", "--counts-interval", "2",
                    "--eval-interval", "0", "--eval-batches", "2", "--checkpoint-interval", "2",
                    "--keep-last", "3", "--batch", "2", "--val-fraction", "0.1"]
        straight = os.path.join(self.tmp, "straight")
        support.train(common(self.tmp, straight) + settings)
        steps = checkpoint.complete_checkpoints(straight)
        self.assertEqual(["step-00000002", "step-00000004", "step-00000006"],
                         [os.path.basename(p) for p in steps])
        # a run killed after step 4's checkpoint, with a half-written one and rows past it
        crashed = os.path.join(self.tmp, "crashed")
        shutil.copytree(straight, crashed)
        shutil.move(os.path.join(crashed, "checkpoints", "step-00000006"),
                    os.path.join(crashed, "checkpoints", ".tmp-step-00000006"))
        out = support.train(["--out", crashed, "--resume"])
        self.assertIn("resuming", out)
        self.assertFalse(os.path.exists(os.path.join(crashed, "checkpoints", ".tmp-step-00000006")))
        a = formats.read_metrics(os.path.join(straight, "metrics.csv"))
        b = formats.read_metrics(os.path.join(crashed, "metrics.csv"))
        self.assertEqual(list(range(1, 7)), [r["step"] for r in b])
        for ra, rb in zip(a, b):
            for k in ("loss", "ce", "lr", "grad_norm", "layer_1_kl_divergence", "memory_avg_l2_change"):
                self.assertAlmostEqual(ra[k], rb[k], places=5, msg="%s at step %d" % (k, ra["step"]))
        self.assertEqual([2, 4, 6], [s for s, _ in formats.read_slot_counts(os.path.join(crashed, "slot_counts.bin"))])

    def test_bad_options_name_the_flag(self):
        import subprocess
        import sys
        r = subprocess.run([sys.executable, support.SCRIPT, "--model-path", support.MODEL, "--out",
                            os.path.join(self.tmp, "x"), "--corpus", "/nonexistent", "--tokenizer",
                            support.TOKENIZER, "--device", "cpu"], capture_output=True, text=True)
        self.assertNotEqual(0, r.returncode)
        self.assertEqual("train_torchrun.py: error: --corpus /nonexistent: no such file or folder",
                         r.stderr.strip())


if __name__ == "__main__":
    unittest.main()
