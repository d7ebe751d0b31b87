"""Checks a workbench `--dump --train-step` output against a recorded seed fixture, with the
tolerances of the Java suite's SeedParityTest (run it where the suite cannot: on a GPU).
Usage: python3 check_parity.py FIXTURE_DIR DUMP   (DUMP.safetensors and DUMP.json)
Prints one line per check and exits 1 if any fails. Needs torch."""
import json, struct, sys
import torch

DTYPES = {'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16, 'F64': torch.float64,
          'I64': torch.int64, 'I32': torch.int32}

def load_file(path):
    """A safetensors file as a dict of tensors (the format: u64 header size, JSON header, data)."""
    with open(path, 'rb') as f:
        raw = f.read()
    n = struct.unpack('<Q', raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    out = {}
    for name, info in header.items():
        if name == '__metadata__':
            continue
        start, end = info['data_offsets']
        t = torch.frombuffer(bytearray(data[start:end]), dtype=DTYPES[info['dtype']])
        out[name] = t.reshape(info['shape'])
    return out

fixture, dump = sys.argv[1], sys.argv[2]
exp = load_file(fixture + '/expected.safetensors')
act = load_file(dump + '.safetensors')
ej = json.load(open(fixture + '/expected.json'))
aj = json.load(open(dump + '.json'))
failures = []

def check(what, ok, detail):
    print(f"{'ok  ' if ok else 'FAIL'} {what}: {detail}")
    if not ok:
        failures.append(what)

def max_abs(a, b):
    return (a.double() - b.double()).abs().max().item()

def rel(e, a):
    return abs(e - a) / max(abs(e), 1e-12)

d = max_abs(act['logits'], exp['logits'])
check('logits', d <= 1e-4, f'max |diff| {d:.2e} (tolerance 1e-4)')
layer = 0
while f'layer_{layer}_hidden' in exp:
    p = f'layer_{layer}_'
    d = max_abs(act[p + 'hidden'], exp[p + 'hidden'])
    check(p + 'hidden', d <= 1e-4, f'{d:.2e} (1e-4)')
    same = bool((act[p + 'memory_indices'] == exp[p + 'memory_indices']).all())
    check(p + 'memory_indices', same, 'identical' if same else 'differ')
    d = max_abs(act[p + 'memory_scores'], exp[p + 'memory_scores'])
    check(p + 'memory_scores', d <= 1e-5, f'{d:.2e} (1e-5)')
    layer += 1
r = rel(ej['aux_loss'], aj['aux_loss'])
check('aux_loss', r <= 1e-5, f'relative {r:.2e} (1e-5)')
for k, e in ej['layer_stats'].items():
    a = aj['layer_stats'][k]
    if k.endswith('memories') or k.endswith('selections'):
        check(k, e == a, f'{a} (count, exact; seed {e})')
    else:
        r = rel(e, a)
        check(k, r <= 1e-5, f'relative {r:.2e} (1e-5)')
worst = 0.0
for name, en in ej['grad_norms'].items():
    an = aj['grad_norms'].get(name)
    if en is None:
        check('no gradient: ' + name, an is None and ('grad.' + name) not in act, 'none, as in the seed')
        continue
    g, eg = act['grad.' + name], exp['grad.' + name]
    scale = eg.abs().max().item()
    d = max_abs(g, eg)
    worst = max(worst, d / scale)
    if d > 1e-4 * scale:
        check('gradient ' + name, False, f'{d:.2e} > 1e-4 x {scale:.2e}')
    r = rel(en, an)
    if r > 1e-4:
        check('gradient norm ' + name, False, f'relative {r:.2e} > 1e-4')
check('gradients', worst <= 1e-4, f'worst {worst:.2e} of the largest entry (1e-4)')
d = max_abs(act['memory_bank_after_step'], exp['memory_bank_after_step'])
check('memory bank after one AdamW step', d <= 1e-6, f'{d:.2e} (1e-6)')
for key in ('train_ce', 'train_loss'):
    r = rel(ej[key], aj[key])
    check(key, r <= 1e-5, f'relative {r:.2e} (1e-5)')
for k, e in ej['drift_after_step'].items():
    a = aj['drift_after_step'][k]
    check(k, abs(e - a) <= 1e-5, f'{a} vs {e} (1e-5)')
print(f"{fixture}: {'all checks passed' if not failures else str(len(failures)) + ' failed: ' + ', '.join(failures)}")
sys.exit(1 if failures else 0)
