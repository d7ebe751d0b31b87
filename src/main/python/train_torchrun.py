#!/usr/bin/env python3
"""Trains the seed's MiniMindLM with PyTorch (one process, or many under ``torchrun`` with
DistributedDataParallel: NCCL on GPUs, gloo on CPUs) and records the run into the workbench's
run-directory format, so that "Follow run..." (or ``--checkpoint RUN``) shows it as it grows.

The loop is the workbench's ``--train``: next-token cross entropy (the seed's balance loss is a
constant without gradient, added to the reported loss only), gradient accumulation, clipping of the
total gradient norm, AdamW with MiniMind's cosine schedule, checkpoints written atomically and a
resume from the last complete one.

    torchrun --nproc_per_node 2 src/main/python/train_torchrun.py \\
        --model-path /path/to/minimind/model/model_memory_1_4_4.py \\
        --corpus sample-models/corpus --tokenizer sample-models/minimind-memory-small/tokenizer.json \\
        --preset small --max-steps 2000 --out runs/small-ddp
"""
import argparse
import contextlib
import json
import math
import os
import platform
import sys
import time
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import minimind_recorder  # noqa: E402
from minimind_recorder import checkpoint, data, formats, seed, tokenizer  # noqa: E402
from minimind_recorder.recorder import RunRecorder  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--model-path", default=os.environ.get("MINIMIND_MODEL_PATH"),
                   help="the seed's model_memory_1_4_4.py (or $MINIMIND_MODEL_PATH)")
    p.add_argument("--out", required=True, help="run directory to create (or to continue with --resume)")
    p.add_argument("--resume", action="store_true", help="continue --out from its last complete checkpoint")
    p.add_argument("--corpus", help="corpus file or folder (.txt, .jsonl, optionally .gz), or 'random'")
    p.add_argument("--tokenizer", help="tokenizer.json (its vocabulary sets vocab_size)")
    p.add_argument("--preset", default="tiny", choices=sorted(seed.PRESETS))
    p.add_argument("--config", help="JSON file of LMConfig keys overriding the preset's")
    p.add_argument("--batch", type=int, default=0, help="sequences per micro-batch per rank (0: the preset's)")
    p.add_argument("--accumulation", type=int, default=1, help="micro-batches per optimizer step")
    p.add_argument("--max-steps", type=int, default=None, help="optimizer steps of the run (default 2000)")
    p.add_argument("--time-budget", type=float, default=None,
                   help="stop with a checkpoint after this many seconds (checked at logged steps); 0 for none")
    p.add_argument("--lr", type=float, default=5e-4, help="learning rate; cosine decay to lr/10 as MiniMind's get_lr")
    p.add_argument("--warmup", type=int, default=0, help="linear warmup steps")
    p.add_argument("--grad-clip", type=float, default=1.0, help="clip the total gradient norm; 0 to disable")
    p.add_argument("--aux-coef", type=float, default=1.0, help="weight of the balance loss in the reported loss")
    p.add_argument("--weight-decay", type=float, default=0.01, help="AdamW weight decay")
    p.add_argument("--seed", type=int, default=1337)
    p.add_argument("--log-interval", type=int, default=10, help="steps between metrics rows")
    p.add_argument("--eval-interval", type=int, default=100, help="steps between validation losses; 0: at the end")
    p.add_argument("--eval-batches", type=int, default=8, help="validation batches per measurement")
    p.add_argument("--checkpoint-interval", type=int, default=100)
    p.add_argument("--keep-last", type=int, default=2, help="step checkpoints kept besides the best")
    p.add_argument("--counts-interval", type=int, default=50, help="steps between slot-count snapshots")
    p.add_argument("--val-fraction", type=float, default=0.01, help="share of documents held out")
    p.add_argument("--save-dtype", default="f32", choices=sorted(checkpoint.SAVE_DTYPES))
    p.add_argument("--device", default="auto", help="auto, cpu or cuda (each rank takes cuda:LOCAL_RANK)")
    p.add_argument("--amp", default="none", choices=["none", "bf16"], help="autocast precision")
    p.add_argument("--threads", type=int, default=0, help="CPU threads per process (0: torch's default)")
    p.add_argument("--no-record", action="store_true",
                   help="record nothing but checkpoints (to measure the recorder's overhead)")
    a = p.parse_args(argv)
    for name in ("batch", "accumulation", "log_interval", "eval_batches", "checkpoint_interval",
                 "keep_last", "counts_interval"):
        v = getattr(a, name)
        if v < (0 if name == "batch" else 1):
            p.error("--%s (%d) must be positive" % (name.replace("_", "-"), v))
    if a.max_steps is not None and a.max_steps <= 0:
        p.error("--max-steps (%d) must be positive" % a.max_steps)
    if not 0 <= a.val_fraction < 1:
        p.error("--val-fraction (%g) must be in [0, 1)" % a.val_fraction)
    if not a.model_path:
        p.error("--model-path: give the seed's model_memory_1_4_4.py (or set MINIMIND_MODEL_PATH)")
    if not a.resume and (not a.corpus or not a.tokenizer):
        p.error("a new run needs --corpus and --tokenizer")
    for flag, path in (("--tokenizer", a.tokenizer), ("--config", a.config)):
        if path and not os.path.isfile(path):
            p.error("%s %s: no such file" % (flag, path))
    return a


def lr_at(step, base, total, warmup):
    """MiniMind's get_lr for 0-based ``step``, with the workbench's optional linear warmup."""
    def cosine(s):
        return base / 10 + 0.5 * base * (1 + math.cos(math.pi * s / total))
    return cosine(warmup) * (step + 1) / warmup if step < warmup else cosine(step)


def settings_record(a, max_steps, time_budget):
    """The workbench's TrainSettings (trainer.json and run.json use its field names)."""
    return {"batchSize": a.batch, "accumulationSteps": a.accumulation, "maxSteps": max_steps,
            "timeBudgetSeconds": time_budget, "lr": a.lr, "warmupSteps": a.warmup,
            "gradClip": a.grad_clip, "auxCoefficient": a.aux_coef, "weightDecay": a.weight_decay,
            "beta1": 0.9, "beta2": 0.999, "seed": a.seed, "logInterval": a.log_interval,
            "evalInterval": a.eval_interval, "evalBatches": a.eval_batches,
            "checkpointInterval": a.checkpoint_interval, "keepLast": a.keep_last,
            "slotCountsInterval": a.counts_interval}


def settings_args(a, s):
    """Restores the options a resumed run was started with (--max-steps and --time-budget may change)."""
    a.batch, a.accumulation, a.lr, a.warmup = s["batchSize"], s["accumulationSteps"], s["lr"], s["warmupSteps"]
    a.grad_clip, a.aux_coef, a.weight_decay, a.seed = s["gradClip"], s["auxCoefficient"], s["weightDecay"], s["seed"]
    a.log_interval, a.eval_interval, a.eval_batches = s["logInterval"], s["evalInterval"], s["evalBatches"]
    a.checkpoint_interval, a.keep_last, a.counts_interval = s["checkpointInterval"], s["keepLast"], s["slotCountsInterval"]


def setup_distributed(device_arg):
    """``(rank, world, local_rank, device)``: NCCL with one GPU per rank, else gloo on the CPU."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local = int(os.environ.get("LOCAL_RANK", "0"))
    cuda = torch.cuda.is_available() if device_arg == "auto" else device_arg.startswith("cuda")
    if cuda and not torch.cuda.is_available():
        raise SystemExit("--device %s: CUDA is not available here" % device_arg)
    device = torch.device("cuda", local) if cuda else torch.device("cpu")
    if cuda:
        torch.cuda.set_device(device)
    if world > 1:
        dist.init_process_group("nccl" if cuda else "gloo")
    return rank, world, local, device


def load_data(a, vocab, seq_len, rank, world, out):
    """``(sampler, validation sequences, corpus record)``. Rank 0 tokenizes the corpus once and
    caches the packed sequences in the run directory; the other ranks read the cache."""
    if a.corpus == "random":
        return data.RandomTokens(vocab, seq_len, a.batch, world, rank, a.seed), None, {"path": "random"}
    cache = os.path.join(out, ".cache", "packed-seq%d-val%g-seed%d.pt" % (seq_len, a.val_fraction, a.seed))
    if rank == 0 and not os.path.isfile(cache):
        fp = data.fingerprint(a.corpus)
        t0 = time.perf_counter()
        train, val, docs = data.pack(a.corpus, tokenizer.load(a.tokenizer), seq_len, a.val_fraction, a.seed)
        fp["documents"] = docs
        print("corpus %s: %d documents, %d training and %d validation sequences (%.1f s)"
              % (a.corpus, docs, train.shape[0], val.shape[0], time.perf_counter() - t0), flush=True)
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        torch.save({"train": train, "val": val, "fingerprint": fp}, cache + ".tmp")
        os.replace(cache + ".tmp", cache)
    if world > 1:
        dist.barrier()
    packed = torch.load(cache)
    record = {"path": os.path.abspath(a.corpus), "fingerprint": packed["fingerprint"],
              "validation_fraction": a.val_fraction, "train_sequences": packed["train"].shape[0],
              "validation_sequences": packed["val"].shape[0]}
    return data.Sampler(packed["train"], a.batch, world, rank, a.seed), packed["val"], record


def freeze_unused(model, vocab, device):
    """Parameters the loss never reaches (the seed's memory-gate keys and projection: its top-k
    selection is not differentiable) are frozen, as PyTorch's AdamW skips them anyway; DDP then
    needs no search for unused parameters at every step."""
    ids = torch.randint(0, vocab, (1, 8), generator=torch.Generator().manual_seed(0)).to(device)
    out = model(ids)
    out.logits.float().sum().backward()
    frozen = [n for n, p in model.named_parameters() if p.grad is None]
    for n, p in model.named_parameters():
        if p.grad is None:
            p.requires_grad_(False)
        p.grad = None
    return frozen


@torch.no_grad()
def validation_loss(model, val, a, rank, world, device, amp):
    """Mean cross entropy over the first ``eval_batches`` held-out batches, shared across ranks."""
    if val is None or val.shape[0] < a.batch:
        return float("nan")
    batches = min(a.eval_batches, val.shape[0] // a.batch)
    total = torch.zeros(2, dtype=torch.float64, device=device)
    model.eval()
    for i in range(rank, batches, world):
        ids = val[i * a.batch:(i + 1) * a.batch].long().to(device)
        with amp():
            logits = model(ids[:, :-1]).logits
        ce = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1))
        total += torch.stack([ce.double(), torch.ones((), dtype=torch.float64, device=device)])
    model.train()
    if world > 1:
        dist.all_reduce(total)
    return float(total[0] / total[1]) if total[1] > 0 else float("nan")


def main(argv=None):
    a = parse_args(argv)
    if a.threads:
        torch.set_num_threads(a.threads)
    rank, world, local, device = setup_distributed(a.device)
    out = os.path.abspath(a.out)
    manifest = None
    if a.resume:
        try:
            with open(os.path.join(out, "run.json"), encoding="utf-8") as f:
                manifest = json.load(f)
        except OSError:
            raise SystemExit("--resume: %s holds no run (no run.json)" % out)
        latest = checkpoint.complete_checkpoints(out)
        if not latest:
            raise SystemExit("--resume: %s has no complete checkpoint to resume from" % out)
        s = manifest["settings"]
        settings_args(a, s)
        config = {k: manifest["config"][k] for k in seed.CONFIG_KEYS}
        max_steps = a.max_steps or s["maxSteps"]
        a.corpus = a.corpus or manifest["corpus"]["path"]
        a.tokenizer = os.path.join(out, "tokenizer.json")
        a.val_fraction = manifest["corpus"].get("validation_fraction", a.val_fraction)
        a.save_dtype = manifest.get("save_dtype", "F32").lower()
    else:
        # every rank checks, before rank 0 writes anything (a rank that exited alone would leave
        # the others waiting in the first barrier)
        if os.path.isfile(os.path.join(out, "run.json")) or os.path.isfile(os.path.join(out, "metrics.csv")):
            raise SystemExit("--out %s: already holds a training run (use --resume to continue it, or another --out)" % out)
        config, preset_batch = dict(seed.DEFAULTS), seed.PRESETS[a.preset][1]
        config.update(seed.PRESETS[a.preset][0])
        if a.config:
            with open(a.config, encoding="utf-8") as f:
                config.update(json.load(f))
        config["vocab_size"] = tokenizer.load(a.tokenizer).vocab_size()
        a.batch = a.batch or preset_batch
        max_steps = a.max_steps or 2000
    time_budget = a.time_budget if a.time_budget is not None else 0.0
    seq_len = config["max_seq_len"]
    if rank == 0:
        os.makedirs(os.path.join(out, "checkpoints"), exist_ok=True)
    if world > 1:
        dist.barrier()
    sampler, val, corpus_record = load_data(a, config["vocab_size"], seq_len, rank, world, out)

    torch.manual_seed(a.seed)  # the same initial weights on every rank (DDP broadcasts rank 0's too)
    model = seed.build(a.model_path, config).to(device)
    frozen = freeze_unused(model, config["vocab_size"], device)
    params = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW([p for _, p in params], lr=a.lr, betas=(0.9, 0.999), eps=1e-8,
                                  weight_decay=a.weight_decay)
    step, tokens_seen, best_val = 0, 0, float("nan")
    if a.resume:
        fp = data.fingerprint(a.corpus) if a.corpus != "random" else None
        if fp and fp["sha256"] != manifest["corpus"]["fingerprint"]["sha256"]:
            raise SystemExit("--corpus %s: not the corpus this run was trained on (fingerprint %s, the run recorded %s)"
                             % (a.corpus, fp["sha256"], manifest["corpus"]["fingerprint"]["sha256"]))
        record = checkpoint.load(latest[-1], model, optimizer)
        step, tokens_seen, best_val = record["step"], record["tokensSeen"], record["bestValLoss"]
        if step >= max_steps:
            raise SystemExit("%s already reached step %d of %d; pass a larger --max-steps to train further"
                             % (out, step, max_steps))
        sampler.restore(record["dataPosition"])
        if rank == 0:
            checkpoint.clean_partial(out)
        print("rank %d: resuming %s from step %d" % (rank, out, step), flush=True)
    elif rank == 0:
        shutil_copy(a.tokenizer, os.path.join(out, "tokenizer.json"))
        formats.write_json_atomically(os.path.join(out, "run.json"), {
            "format": "minimind-workbench-run/1",
            "created": datetime.now(timezone.utc).isoformat(),
            "preset": a.preset, "config": seed.config_json(config),
            "settings": settings_record(a, max_steps, time_budget),
            "save_dtype": a.save_dtype.upper(), "seed": a.seed, "corpus": corpus_record,
            "tokenizer": {"source": os.path.abspath(a.tokenizer), "vocab_size": config["vocab_size"]},
            "versions": {"recorder": minimind_recorder.__version__, "torch": torch.__version__,
                         "python": platform.python_version()},
            "device": str(device), "world_size": world,
            "parameters": sum(p.numel() for p in model.parameters()), "writer": "minimind_recorder",
            "model_path": os.path.abspath(a.model_path), "frozen_parameters": frozen})

    net = model
    if world > 1:
        from torch.nn.parallel import DistributedDataParallel
        # The seed's buffers (the complex rotary table, which gloo cannot broadcast, and the previous
        # bank, 512 MB at the seed's scale) are computed alike on every rank: never broadcast.
        DistributedDataParallel._set_params_and_buffers_to_ignore_for_model(
            model, [n for n, _ in model.named_buffers()])
        net = DistributedDataParallel(model, device_ids=[local] if device.type == "cuda" else None,
                                      broadcast_buffers=False)
    recorder = None
    if not a.no_record:
        recorder = RunRecorder(out, model, config["n_layers"], config["knowledge_num"], rank, world)
        recorder.rewind_to(step)
    amp = (lambda: torch.autocast(device.type, dtype=torch.bfloat16)) if a.amp == "bf16" else contextlib.nullcontext
    names = [n for n, _ in params]
    tokens_per_step = a.batch * seq_len * a.accumulation * world
    started = interval_start = time.perf_counter()
    interval_tokens, ending = 0, False
    if rank == 0:
        print("training %s on %d x %s: %d parameters (%d frozen), %d tokens per step"
              % (a.preset, world, device, sum(p.numel() for p in model.parameters()), len(frozen),
                 tokens_per_step), flush=True)
    while step < max_steps and not ending:
        lr = lr_at(step, a.lr, max_steps, a.warmup)
        for g in optimizer.param_groups:
            g["lr"] = lr
        ce_sum = torch.zeros((), device=device)
        for micro in range(a.accumulation):
            ids = sampler.next().to(device, non_blocking=True)  # (B, T + 1)
            sync = micro == a.accumulation - 1 or world == 1
            with (contextlib.nullcontext() if sync else net.no_sync()):
                with amp():
                    logits = net(ids[:, :-1]).logits  # (B, T, V)
                ce = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1))
                (ce / a.accumulation).backward()
            ce_sum += ce.detach()
        grads = [p.grad for _, p in params]
        norms = torch.stack([g.detach().float().norm() for g in grads])  # (P,) before clipping
        if a.grad_clip > 0:
            coef = torch.clamp(a.grad_clip / (norms.norm() + 1e-6), max=1.0)
            torch._foreach_mul_(grads, coef)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        tokens_seen += tokens_per_step
        interval_tokens += tokens_per_step
        last = step == max_steps
        log = step % a.log_interval == 0 or last
        if log and time_budget > 0:
            elapsed = torch.tensor([time.perf_counter() - started], dtype=torch.float64, device=device)
            if world > 1:
                dist.all_reduce(elapsed, op=dist.ReduceOp.MAX)
            ending = float(elapsed) >= time_budget
        ending = ending or last
        evaluate = ending or (a.eval_interval > 0 and step % a.eval_interval == 0)
        val_loss = validation_loss(model, val, a, rank, world, device, amp) if evaluate else float("nan")
        log = log or evaluate
        counts = ending or step % a.counts_interval == 0
        if log:
            if device.type == "cuda":
                torch.cuda.synchronize()
            dt = time.perf_counter() - interval_start
            tps = interval_tokens / max(dt, 1e-9)
        if recorder is not None:
            recorder.record(step, tokens=tokens_seen, lr=lr, ce=ce_sum / a.accumulation,
                                  tokens_per_s=tps if log else float("nan"), grad_norms=norms,
                                  param_names=names, val_loss=val_loss, aux_coef=a.aux_coef,
                                  elapsed=time.perf_counter() - started, log=log, counts=counts)
        if log:
            if rank == 0:
                extra = ""
                if recorder is not None:
                    o = recorder.overhead()
                    extra = ", recorder %.2f ms/step" % (1e3 * (o["record_s_per_step"] + o["hooks_s_per_step"]))
                print("step %d/%d: ce %.4f (rank 0), lr %.3g, %.0f tokens/s (%.0f per rank)%s%s"
                      % (step, max_steps, float(ce_sum) / a.accumulation, lr, tps, tps / world,
                         "" if math.isnan(val_loss) else ", val loss %.4f" % val_loss, extra), flush=True)
            interval_start, interval_tokens = time.perf_counter(), 0
        best = not math.isnan(val_loss) and (math.isnan(best_val) or val_loss < best_val)
        if best:
            best_val = val_loss
        if rank == 0 and (ending or best or step % a.checkpoint_interval == 0):
            checkpoint.save(out, model, optimizer, config, {
                "step": step, "tokensSeen": tokens_seen, "bestValLoss": best_val, "valLoss": val_loss,
                "dataPosition": sampler.position(), "settings": settings_record(a, max_steps, time_budget)},
                save_dtype=a.save_dtype, best=best, keep_last=a.keep_last)
    if recorder is not None:
        recorder.close()  # waits for the writer thread
    total = time.perf_counter() - started
    if rank == 0:
        summary = {"steps": step, "seconds": total, "world_size": world, "device": str(device)}
        if recorder is not None:
            summary.update(recorder.overhead())
        print("done: " + json.dumps(summary), flush=True)
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()


def shutil_copy(src, dst):
    import shutil
    shutil.copyfile(src, dst)


if __name__ == "__main__":
    try:
        main()
    except (ValueError, OSError) as e:  # bad input: one line naming the option or file
        sys.exit("train_torchrun.py: error: %s" % e)
