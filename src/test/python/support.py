"""What the Python tests share: the package on the path, torch (or a clean skip outside CI), the
model to train (the seed when MINIMIND_MODEL_PATH names it, else the stand-in with its interface)
and a small corpus cut from the repository's sample corpus."""
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
PYTHON_SRC = os.path.join(ROOT, "src", "main", "python")
SCRIPT = os.path.join(PYTHON_SRC, "train_torchrun.py")
TOKENIZER = os.path.join(ROOT, "src", "test", "resources", "ui", "tiny-run", "tokenizer.json")
sys.path.insert(0, PYTHON_SRC)

try:
    import torch  # noqa: F401
except ImportError:
    if os.environ.get("CI"):
        raise  # CI installs python3-torch: a missing torch there is a failure, not a skip
    raise unittest.SkipTest("torch is not installed for %s (Debian: apt-get install python3-torch)"
                            % sys.executable)

MODEL = os.environ.get("MINIMIND_MODEL_PATH") or os.path.join(HERE, "fixtures", "stand_in_model.py")
# a tiny model; the stand-in ignores the attention keys
TINY_CONFIG = {"dim": 16, "n_layers": 2, "n_heads": 2, "n_kv_heads": 1, "max_seq_len": 16,
               "knowledge_num": 256, "knowledge_dim": 8, "num_selected": 4}


def small_corpus(directory, documents=120):
    """The first documents of the sample corpus, as a .jsonl file in ``directory``."""
    src = os.path.join(ROOT, "sample-models", "corpus", "austen.jsonl")
    path = os.path.join(directory, "corpus.jsonl")
    with open(src, encoding="utf-8") as f, open(path, "w", encoding="utf-8") as out:
        for _, line in zip(range(documents), f):
            out.write(line)
    return path


def write_config(directory):
    import json
    path = os.path.join(directory, "config.json")
    with open(path, "w") as f:
        json.dump(TINY_CONFIG, f)
    return path


def _free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def train(args, nproc=1, timeout=300):
    """Runs the training script, on ``nproc`` ranks started as torchrun starts them (the env://
    variables; Debian's torchrun 1.13 fails on Python 3.11 before starting any); returns rank 0's
    output."""
    cmd = [sys.executable, SCRIPT, "--model-path", MODEL, "--threads", "1", "--device", "cpu"] + args
    port = str(_free_port())
    procs = []
    for rank in range(nproc):
        env = dict(os.environ, OMP_NUM_THREADS="1")
        if nproc > 1:
            env.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=port, RANK=str(rank), LOCAL_RANK=str(rank),
                       WORLD_SIZE=str(nproc), LOCAL_WORLD_SIZE=str(nproc))
        procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env))
    outputs = []
    for p in procs:
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            for q in procs:
                q.kill()
            raise
        outputs.append((p.returncode, out, err))
    for rank, (code, out, err) in enumerate(outputs):
        if code != 0:
            raise AssertionError("rank %d failed (%d):\n%s\n%s" % (rank, code, out, err[-4000:]))
    return outputs[0][1]
