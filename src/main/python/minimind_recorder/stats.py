"""Slot-usage statistics and memory drift, from per-slot counts and the memory bank.

The formulas are the seed's (``MemoryGate._compute_balance_loss_and_stats`` and
``MiniMindLM.get_memory_update_stats`` in model_memory_1_4_4.py), applied to counts summed over
every rank's micro-batch: the statistics of the global batch, not of one rank's share. Everything
stays on the counts' device; nothing is copied to the host here.

Shapes: L layers, N slots, Q knowledge_dim.
"""
import torch
import torch.nn.functional as F

DRIFT_THRESHOLD = 0.01  # the seed's threshold for counting a slot as updated


def slot_stats(counts):
    """The seed's 8 statistics and balance loss per layer, from counts (L, N): a (L, 9) tensor.

    Columns: gini, kl, coverage, hot, dead, variance, max, min, balance loss (0.5 kl + 0.5 gini).
    """
    c = counts.to(torch.float32)  # (L, N) the seed counts in float32
    n = c.shape[1]
    total = c.sum(dim=1, keepdim=True)  # (L, 1) = B * T * k of the global batch
    probs = c / total
    uniform = torch.full_like(probs, 1.0 / n)
    kl = F.kl_div(torch.log(probs + 1e-10), uniform, reduction="none").sum(dim=1)  # (L,)
    sorted_probs, _ = torch.sort(probs, dim=1)
    index = torch.arange(1, n + 1, device=c.device, dtype=torch.float32)
    gini = 2 * (index * sorted_probs).sum(dim=1) / (n * sorted_probs.sum(dim=1)) - (n + 1) / n
    coverage = (c > 0).float().mean(dim=1)
    hot_threshold = torch.quantile(c, 0.9, dim=1, keepdim=True)
    hot = (c >= hot_threshold).sum(dim=1).float()
    dead = (c == 0).sum(dim=1).float()
    variance = c.var(dim=1)
    balance = 0.5 * kl + 0.5 * gini
    return torch.stack([gini, kl, coverage, hot, dead, variance, c.max(dim=1).values,
                        c.min(dim=1).values, balance], dim=1).to(torch.float64)


class DriftTracker:
    """Keeps the previous memory bank and measures how far each slot moved since then.

    Uses the seed's own ``prev_memory_bank`` buffer when the model has one (no second copy of a
    1M x 128 bank), and like the seed takes a new snapshot at every measurement.
    """

    def __init__(self, model):
        self.bank = model.memory_bank
        prev = getattr(model, "prev_memory_bank", None)
        if prev is None or prev.shape != self.bank.shape:
            prev = torch.empty_like(self.bank, requires_grad=False)
        self.prev = prev
        self.snapshot()

    @torch.no_grad()
    def snapshot(self):
        self.prev.copy_(self.bank)

    @torch.no_grad()
    def measure(self):
        """``(summary (4,) float64: mean, max, cosine, updated count; per_slot (N,))``; snapshots."""
        bank = self.bank.detach()
        per_slot = torch.norm(bank - self.prev, p=2, dim=-1)  # (N,)
        cos = F.cosine_similarity(bank.reshape(-1), self.prev.reshape(-1), dim=0)
        updated = (per_slot > DRIFT_THRESHOLD).sum()
        summary = torch.stack([per_slot.mean(), per_slot.max(), cos, updated.float()])
        self.prev.copy_(bank)
        return summary.to(torch.float64), per_slot
