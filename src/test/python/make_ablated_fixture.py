"""Record the seed's forward pass on the seed-tiny fixture with slots removed from the memory gates'
candidates: the reference for the workbench's REMOVE ablation (model/Intervention.java).

The seed's MemoryGate.forward is replaced, per gate, by the same lines with one added: the combined
scores of banned slots are set to -inf before the final topk, so the gate takes the next best of
its k x k candidates. Banned slots: in layer 0, the top slot of the three positions chosen first
most often; in layer 1, the slot it then chooses first most often. No position is left with
fewer than k candidates (checked).

Usage: python3 make_ablated_fixture.py [OUT]  (OUT defaults to the seed-tiny-ablated fixture beside
seed-tiny). Needs PyTorch and the seed's reference harness (the folder MINIMIND_REFERENCE
names); the tests read only the files it writes.
Writes OUT/expected.safetensors (input_ids, logits, layer_{i}_hidden, layer_{i}_memory_indices,
layer_{i}_memory_scores, as in the seed fixtures) and OUT/expected.json ({"intervention": the
workbench's --ablate form, "banned": {layer: [slots]}}).
"""
import collections
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "resources", "fixtures")
REFERENCE = os.environ.get("MINIMIND_REFERENCE")
if not REFERENCE:
    sys.exit("set MINIMIND_REFERENCE to the folder of the seed's reference harness (seedref/)")
sys.path.insert(0, REFERENCE)
import transformers_shim  # noqa: E402

transformers_shim.install()
import st  # noqa: E402
from seedref.LMConfig import LMConfig  # noqa: E402
from seedref.model_memory_1_4_4 import MemoryGate, MiniMindLM  # noqa: E402


def masked_forward(gate, banned):
    """The seed's MemoryGate.forward with the banned slots' combined scores at -inf."""
    def forward(x):
        self = gate
        bsz, seq_len, _ = x.shape
        queries = self.gate_proj(x)
        q1 = queries[:, :, :self.knowledge_dim // 2]
        q2 = queries[:, :, self.knowledge_dim // 2:]
        scores_1 = torch.einsum('bsd,kd->bsk', q1, self.keys[0])
        scores_2 = torch.einsum('bsd,kd->bsk', q2, self.keys[1])
        topk_scores_1, topk_indices_1 = scores_1.topk(self.num_selected, dim=-1)
        topk_scores_2, topk_indices_2 = scores_2.topk(self.num_selected, dim=-1)
        combined_scores = topk_scores_1.unsqueeze(-1) + topk_scores_2.unsqueeze(-2)
        combined_indices = topk_indices_1.unsqueeze(-1) * self.num_keys + topk_indices_2.unsqueeze(-2)
        combined_scores = combined_scores.view(bsz, seq_len, -1)
        combined_indices = combined_indices.view(bsz, seq_len, -1)
        # the intervention: banned slots leave the candidates
        is_banned = torch.zeros(self.knowledge_num, dtype=torch.bool)
        is_banned[list(banned)] = True
        candidate_banned = is_banned[combined_indices]
        left = (~candidate_banned).sum(-1)
        assert int(left.min()) >= self.num_selected, "a position has fewer than k candidates left"
        combined_scores = combined_scores.masked_fill(candidate_banned, float('-inf'))
        final_scores, final_pk_indices = combined_scores.topk(self.num_selected, dim=-1)
        memory_indices = combined_indices.gather(-1, final_pk_indices)
        memory_scores = F.softmax(final_scores, dim=-1)
        memory_scores = self.dropout(memory_scores)
        balance_loss, stats = self._compute_balance_loss_and_stats(memory_indices, memory_scores)
        return memory_indices, memory_scores, balance_loss, stats
    return forward


def run(model, ids, banned):
    """Logits and per-layer hidden, indices, scores with {layer: slots} banned."""
    exp = {}
    hooks = []
    for i, layer in enumerate(model.layers):
        gate = layer.memory_gate
        gate.forward = masked_forward(gate, banned.get(i, [])) if banned.get(i) else MemoryGate.forward.__get__(gate)

        def hook(mod, inp, outp, i=i):
            exp[f'layer_{i}_memory_indices'] = outp[0].detach().numpy().astype(np.int64)
            exp[f'layer_{i}_memory_scores'] = outp[1].detach().numpy()
        hooks.append(gate.register_forward_hook(hook))
        hooks.append(layer.register_forward_hook(
            lambda m, inp, o, i=i: exp.__setitem__(f'layer_{i}_hidden', o[0].detach().numpy())))
    with torch.no_grad():
        exp['logits'] = model(ids).logits.numpy()
    for h in hooks:
        h.remove()
    return exp


def most_frequent_top(indices, count, exclude=()):
    tops = collections.Counter(int(s) for s in indices[..., 0].reshape(-1) if int(s) not in exclude)
    return [s for s, _ in tops.most_common(count)]


def main(out):
    source = os.path.join(FIXTURES, "seed-tiny")
    cfg_fields = json.load(open(os.path.join(source, "config.json")))
    model = MiniMindLM(LMConfig(dropout=0.0, flash_attn=True, **cfg_fields))
    weights = st.load(os.path.join(source, "model.safetensors"))
    model.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in weights.items()})
    model.eval()
    ids = torch.from_numpy(np.array(st.load(os.path.join(source, "expected.safetensors"))['input_ids']))

    base = run(model, ids, {})
    banned = {0: sorted(most_frequent_top(base['layer_0_memory_indices'], 3))}
    first = run(model, ids, banned)
    banned[1] = most_frequent_top(first['layer_1_memory_indices'], 1)
    exp = run(model, ids, banned)
    exp['input_ids'] = ids.numpy().astype(np.int64)
    for layer, slots in banned.items():
        picked = exp[f'layer_{layer}_memory_indices']
        assert not np.isin(picked, slots).any(), f"layer {layer} still selects a banned slot"
        changed = (picked != base[f'layer_{layer}_memory_indices']).any(-1).sum()
        print(f"layer {layer}: banned {slots}, {changed} positions select differently")
    os.makedirs(out, exist_ok=True)
    st.save(os.path.join(out, 'expected.safetensors'), exp)
    text = "--ablate " + ",".join(f"{l}:{s}" for l in sorted(banned) for s in banned[l])
    json.dump({"source": "seed-tiny", "intervention": text,
               "banned": {str(l): s for l, s in banned.items()}},
              open(os.path.join(out, 'expected.json'), 'w'), indent=1)
    print(out, text, 'max |logits change|', float(np.abs(exp['logits'] - base['logits']).max()))


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(FIXTURES, "seed-tiny-ablated"))
