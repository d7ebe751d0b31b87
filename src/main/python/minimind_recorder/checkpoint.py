"""Checkpoints as the workbench writes them (``RunDirectory.save``):

    checkpoints/step-NNNNNNNN/  config.json, model.safetensors, optimizer.safetensors,
                                trainer.json, tokenizer.json
    checkpoints/best/           a copy of the checkpoint with the lowest validation loss

A checkpoint is written under ``.tmp-<name>`` and renamed when complete, so a run killed at any
moment resumes from its last complete one; the workbench lists only directories holding a
``trainer.json``.
"""
import os
import re
import shutil

import torch

from . import formats
from .seed import config_json

CHECKPOINTS = "checkpoints"
BEST = "best"
_STEP_DIR = re.compile(r"step-(\d+)$")
SAVE_DTYPES = {"f32": torch.float32, "f16": torch.float16, "bf16": torch.bfloat16}


def complete_checkpoints(run_dir):
    """Complete step checkpoints, oldest first."""
    d = os.path.join(run_dir, CHECKPOINTS)
    if not os.path.isdir(d):
        return []
    found = []
    for name in os.listdir(d):
        m = _STEP_DIR.match(name)
        if m and os.path.isfile(os.path.join(d, name, "trainer.json")):
            found.append((int(m.group(1)), os.path.join(d, name)))
    return [p for _, p in sorted(found)]


def save(run_dir, model, optimizer, config, record, save_dtype="f32", best=False, keep_last=2):
    """Writes ``checkpoints/step-NNNNNNNN`` (and ``best`` when asked); returns its path.

    ``record`` is trainer.json's content (step, tokensSeen, bestValLoss, valLoss, dataPosition,
    settings); the optimizer's per-parameter step counts are added here.
    """
    root = os.path.join(run_dir, CHECKPOINTS)
    os.makedirs(root, exist_ok=True)
    name = "step-%08d" % record["step"]
    target = os.path.join(root, name)
    if not os.path.isdir(target):
        tmp = os.path.join(root, ".tmp-" + name)
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        formats.write_json_atomically(os.path.join(tmp, "config.json"), config_json(config))
        dtype = SAVE_DTYPES[save_dtype]
        weights = {k: v.detach().to(dtype) if v.is_floating_point() else v.detach()
                   for k, v in model.state_dict().items()}  # both names of the tied pair
        formats.write_safetensors(os.path.join(tmp, "model.safetensors"), weights,
                                  {"format": "pt", "step": record["step"]})
        moments, steps = {}, {}
        for pname, p in model.named_parameters():
            st = optimizer.state.get(p)
            if not st:
                continue  # never had a gradient (the seed's memory gate): no state, as in PyTorch
            moments["exp_avg." + pname] = st["exp_avg"].detach().float()
            moments["exp_avg_sq." + pname] = st["exp_avg_sq"].detach().float()
            steps[pname] = int(float(st["step"]))
        formats.write_safetensors(os.path.join(tmp, "optimizer.safetensors"), moments,
                                  {"step": record["step"]})
        tok = os.path.join(run_dir, "tokenizer.json")
        if os.path.isfile(tok):
            shutil.copyfile(tok, os.path.join(tmp, "tokenizer.json"))
        formats.write_json_atomically(os.path.join(tmp, "trainer.json"),
                                      {**record, "optimizerSteps": steps})
        os.rename(tmp, target)
    if best:
        tmp, old, current = (os.path.join(root, n) for n in (".tmp-" + BEST, ".old-" + BEST, BEST))
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(target, tmp)
        shutil.rmtree(old, ignore_errors=True)
        if os.path.exists(current):
            os.rename(current, old)
        os.rename(tmp, current)
        shutil.rmtree(old, ignore_errors=True)
    all_steps = complete_checkpoints(run_dir)
    for p in all_steps[:max(0, len(all_steps) - keep_last)]:
        shutil.rmtree(p, ignore_errors=True)
    return target


def load(checkpoint, model, optimizer):
    """Restores the weights and the optimizer moments; returns trainer.json's record."""
    import json
    with open(os.path.join(checkpoint, "trainer.json"), encoding="utf-8") as f:
        record = json.load(f)
    weights, _ = formats.read_safetensors(os.path.join(checkpoint, "model.safetensors"))
    own = model.state_dict()
    missing = [k for k in own if k not in weights]
    if missing:
        raise ValueError("%s: model.safetensors lacks %s" % (checkpoint, ", ".join(missing[:3])))
    with torch.no_grad():
        for k, v in own.items():
            if tuple(weights[k].shape) != tuple(v.shape):
                raise ValueError("%s: '%s' has shape %s, the model expects %s"
                                 % (checkpoint, k, list(weights[k].shape), list(v.shape)))
            v.copy_(weights[k].to(v.dtype))
    moments, _ = formats.read_safetensors(os.path.join(checkpoint, "optimizer.safetensors"))
    for pname, p in model.named_parameters():
        if pname in record.get("optimizerSteps", {}):
            optimizer.state[p] = {
                "step": torch.tensor(float(record["optimizerSteps"][pname])),
                "exp_avg": moments["exp_avg." + pname].to(p.device, p.dtype),
                "exp_avg_sq": moments["exp_avg_sq." + pname].to(p.device, p.dtype),
            }
    return record


def clean_partial(run_dir):
    """Removes checkpoint directories a crash left half-written."""
    root = os.path.join(run_dir, CHECKPOINTS)
    if os.path.isdir(root):
        for n in os.listdir(root):
            if n.startswith(".tmp-") or n.startswith(".old-"):
                shutil.rmtree(os.path.join(root, n), ignore_errors=True)
