"""Records a PyTorch training run of the seed's model into the workbench's run directory.

    run.json         manifest (format minimind-workbench-run/1, config, settings, corpus, versions)
    tokenizer.json   the tokenizer the run encodes with
    metrics.csv      one row per logged step, the workbench's columns
    slot_counts.bin  per-layer per-slot selection counts every few steps
    slot_drift.bin   the latest per-slot memory change
    checkpoints/     see ``checkpoint``

Under DistributedDataParallel every rank builds a ``RunRecorder`` and calls ``record`` at every
step; at the steps that are recorded, the per-slot counts and the loss are all-reduced (a sum over
ranks: the counts of the global batch, from which the statistics are computed), and rank 0 alone
measures the drift and hands the rest to a writer thread: the statistics, the copies to the host,
the encoding and the files happen beside the training loop, not in it. At the other steps the
recorder only counts selections on the device (one ``bincount`` per layer) and never synchronises.

Shapes: L layers, N slots.
"""
import os
import queue
import re
import threading
import time

import torch
import torch.distributed as dist

from . import formats
from .stats import DriftTracker, slot_stats

_GATE = re.compile(r"(?:^|\.)layers\.(\d+)\.memory_gate$")


class SlotCounter:
    """Counts each layer's memory selections of the latest training forward pass, on the device,
    from the ``memory_indices`` its ``memory_gate`` returns (the seed's ``MemoryGate.forward``)."""

    def __init__(self, model, slots):
        self.slots = slots
        self.latest = {}
        self.enabled = True
        self.seconds = 0.0
        gates = {}
        for name, module in model.named_modules():
            m = _GATE.search(name)
            if m:
                gates[int(m.group(1))] = module
        if not gates:
            raise ValueError("the model has no layers.N.memory_gate modules (is it the seed's MiniMindLM?)")
        self.layers = max(gates) + 1
        self.handles = [g.register_forward_hook(self._hook(i)) for i, g in gates.items()]

    def _hook(self, layer):
        def hook(module, inputs, output):
            if self.enabled and module.training:
                t = time.perf_counter()
                indices = output[0].detach().reshape(-1)  # (B * T * k,)
                self.latest[layer] = torch.bincount(indices, minlength=self.slots).to(torch.int32)
                self.seconds += time.perf_counter() - t
        return hook

    def counts(self):
        """The latest pass's counts, (L, N) int32 on the model's device."""
        return torch.stack([self.latest[i] for i in range(self.layers)])

    def remove(self):
        for h in self.handles:
            h.remove()


class RunRecorder:
    """Writes one run directory (rank 0) from a training loop running on one or many ranks."""

    def __init__(self, run_dir, model, layers, slots, rank=0, world=1):
        self.run_dir, self.rank, self.world = run_dir, rank, world
        self.layers, self.slots = layers, slots
        self.counter = SlotCounter(model, slots)
        self.drift = DriftTracker(model) if rank == 0 and hasattr(model, "memory_bank") else None
        self.seconds = 0.0  # time the training loop spent in record(), for the overhead report
        self.write_seconds = 0.0  # time the writer thread spent
        self.recorded = 0
        self.steps = 0
        self.latest_row = None
        self.error = None
        self.queue = queue.Queue(maxsize=4)  # bounds what waits: a few counts snapshots
        self.thread = None
        if self.writer:
            self.thread = threading.Thread(target=self._drain, name="run-recorder", daemon=True)
            self.thread.start()

    @property
    def writer(self):
        return self.rank == 0

    def path(self, name):
        return os.path.join(self.run_dir, name)

    def _sum(self, t):
        if self.world > 1:
            dist.all_reduce(t, op=dist.ReduceOp.SUM)
        return t

    def record(self, step, *, tokens, lr, ce, tokens_per_s, grad_norms=None, param_names=(),
               val_loss=float("nan"), aux_coef=1.0, elapsed=0.0, log=True, counts=False):
        """Records step ``step`` (1-based). Every rank calls this at every step, with the same
        ``log``/``counts`` decisions (they drive collectives).

        :param ce: this rank's mean cross entropy over the step's micro-batches (a 0-d tensor)
        :param grad_norms: each parameter's gradient norm before clipping (a 1-D tensor, after
            DDP's all-reduce, so the same on every rank), in ``param_names`` order
        """
        t0 = time.perf_counter()
        if self.error is not None:
            raise RuntimeError("recording %s failed: %s" % (self.run_dir, self.error))
        self.steps += 1
        if log or counts:
            self.recorded += 1
            global_counts = self._sum(self.counter.counts())  # (L, N): the global batch's
            loss = self._sum(ce.detach().double().reshape(1)) / self.world
            if self.writer:
                drift = self.drift.measure() if log and self.drift is not None else None
                norms = grad_norms.detach().clone() if log and grad_norms is not None else None
                self.queue.put((step, global_counts, loss, drift, tokens, lr, tokens_per_s, norms,
                                list(param_names), val_loss, aux_coef, elapsed, log, counts))
        self.seconds += time.perf_counter() - t0

    def _drain(self):
        while True:
            job = self.queue.get()
            if job is None:
                return
            t0 = time.perf_counter()
            try:
                if self.error is None:
                    row = self._write(*job)
                    if row is not None:
                        self.latest_row = row
            except Exception as e:  # reported to the training loop at its next record()
                self.error = "%s: %s" % (type(e).__name__, e)
            self.write_seconds += time.perf_counter() - t0

    def flush(self):
        """Waits until everything queued is written; raises what writing failed with."""
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.thread = None
        if self.error is not None:
            raise RuntimeError("recording %s failed: %s" % (self.run_dir, self.error))

    def last_row(self):
        """The latest row written (rank 0), or None."""
        return self.latest_row

    def _write(self, step, counts, loss, drift, tokens, lr, tokens_per_s, grad_norms, names,
               val_loss, aux_coef, elapsed, log, record_counts):
        row = None
        if log:
            stats = slot_stats(counts).cpu()  # (L, 9)
            ce = float(loss.cpu()[0])
            aux = float(stats[:, 8].sum())  # the seed's aux_loss: balance losses summed over layers
            row = {"step": step, "tokens": tokens, "loss": ce + aux_coef * aux, "ce": ce,
                   "aux_loss": aux, "lr": lr, "tokens_per_s": tokens_per_s, "val_loss": val_loss,
                   "elapsed_s": elapsed}
            if grad_norms is not None:
                sq = {}
                for n, v in zip(names, grad_norms.double().cpu().tolist()):
                    g = formats.group_of(n)
                    sq[g] = sq.get(g, 0.0) + v * v
                row["grad_norm"] = sum(sq.values()) ** 0.5
                for g, v in sq.items():
                    row["grad_norm_" + g] = v ** 0.5
            for i in range(self.layers):
                for k, s in enumerate(formats.STAT_NAMES):
                    row["layer_%d_%s" % (i, s)] = float(stats[i, k])
            if drift is not None:
                summary, per_slot = drift
                mean, mx, cos, updated = summary.cpu().tolist()
                row.update(memory_avg_l2_change=mean, memory_max_l2_change=mx,
                           memory_cosine_similarity=cos, memory_update_rate=updated / self.slots)
                formats.write_slot_drift(self.path("slot_drift.bin"), step, per_slot)
            formats.append_metrics(self.path("metrics.csv"), [row], self.layers)
        if record_counts:
            formats.append_slot_counts(self.path("slot_counts.bin"), step, counts.cpu())
        return row

    def rewind_to(self, step):
        """Drops what was logged after ``step`` (resuming from its checkpoint); rank 0 only."""
        if self.writer:
            formats.truncate_metrics(self.path("metrics.csv"), step)
            formats.truncate_slot_counts(self.path("slot_counts.bin"), step)

    def overhead(self):
        """Seconds per step the training loop spent recording (in ``record`` and in the counting
        hooks), and what the writer thread spent beside it."""
        n = max(1, self.steps)
        return {"steps": self.steps, "recorded_steps": self.recorded,
                "record_s_per_step": self.seconds / n, "hooks_s_per_step": self.counter.seconds / n,
                "writer_s_per_recorded_step": self.write_seconds / max(1, self.recorded)}

    def close(self):
        self.flush()
        self.counter.remove()
