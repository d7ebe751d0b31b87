"""Imports the seed's ``MiniMindLM`` (model_memory_1_4_4.py) from wherever the user keeps it.

The seed file imports ``from .LMConfig import LMConfig`` and two names from ``transformers``. It is
loaded as a module of a package made of its own folder, so a MiniMind checkout's ``model/LMConfig.py``
is used when it sits beside the file; otherwise a stand-in with the seed's fields is provided. The
two ``transformers`` names come from the installed package when that config derives from its
``PretrainedConfig``, and otherwise (no ``transformers``, or a plain config class the real
``PreTrainedModel`` would refuse) from small stand-ins (``PreTrainedModel`` -> ``nn.Module``
holding the config, ``CausalLMOutputWithPast`` -> a dict with attribute access), which is all the
seed uses of them.
"""
import importlib.util
import os
import sys
import types

import torch.nn as nn

CONFIG_KEYS = ("dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "max_seq_len", "dropout",
               "norm_eps", "rope_theta", "knowledge_num", "knowledge_dim", "num_selected")

PRESETS = {
    # the workbench's Preset enum: the parity fixture's shape, a laptop-sized model, the seed's scale
    "tiny": (dict(dim=64, n_layers=2, n_heads=4, n_kv_heads=2, vocab_size=512, max_seq_len=64,
                  knowledge_num=1024, knowledge_dim=16, num_selected=4), 8),
    "small": (dict(dim=256, n_layers=4, n_heads=8, n_kv_heads=2, vocab_size=6400, max_seq_len=256,
                   knowledge_num=65536, knowledge_dim=64, num_selected=8), 8),
    "seed": (dict(dim=512, n_layers=8, n_heads=8, n_kv_heads=2, vocab_size=6400, max_seq_len=512,
                  knowledge_num=1024 * 1024, knowledge_dim=128, num_selected=16), 32),
}
DEFAULTS = dict(dropout=0.0, norm_eps=1e-5, rope_theta=1e6)


class _PreTrainedModel(nn.Module):
    config_class = None

    def __init__(self, config):
        super().__init__()
        self.config = config


class _Output(dict):
    def __getattr__(self, k):
        try:
            return self[k]
        except KeyError:
            raise AttributeError(k)


class _LMConfig:
    """The seed's LMConfig fields (MiniMind's own class is used when it sits beside the model)."""

    def __init__(self, **kw):
        for k, v in {**DEFAULTS, "flash_attn": True, **kw}.items():
            setattr(self, k, v)


def _stand_ins():
    """Modules standing in for ``transformers`` and ``transformers.modeling_outputs``."""
    t = types.ModuleType("transformers")
    t.PreTrainedModel = _PreTrainedModel
    mo = types.ModuleType("transformers.modeling_outputs")
    mo.CausalLMOutputWithPast = _Output
    t.modeling_outputs = mo
    return {"transformers": t, "transformers.modeling_outputs": mo}


def _real_transformers_fits(folder):
    """Whether the installed ``transformers`` can hold the config the seed will be given: only a
    MiniMind ``LMConfig.py`` beside the model that derives from ``PretrainedConfig``; a plain
    config class (a stand-in, or none beside the model) is refused by the real
    ``PreTrainedModel``."""
    try:
        import transformers  # noqa: F401
        from transformers.modeling_outputs import CausalLMOutputWithPast  # noqa: F401
    except ImportError:
        return False
    cfg = os.path.join(folder, "LMConfig.py")
    if not os.path.isfile(cfg):
        return False
    with open(cfg, encoding="utf-8") as f:
        return "PretrainedConfig" in f.read()


def load_model_module(path):
    """The seed module at ``path`` (a .py file), imported as part of a package of its folder."""
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        raise ValueError("--model-path %s: no such file (expected the seed's model_memory_1_4_4.py)" % path)
    folder = os.path.dirname(path)
    pkg_name = "_minimind_seed_%x" % (hash(folder) & 0xFFFFFFFF)
    if pkg_name not in sys.modules:
        pkg = types.ModuleType(pkg_name)
        pkg.__path__ = [folder]
        sys.modules[pkg_name] = pkg
        if not os.path.isfile(os.path.join(folder, "LMConfig.py")):
            cfg = types.ModuleType(pkg_name + ".LMConfig")
            cfg.LMConfig = _LMConfig
            sys.modules[pkg_name + ".LMConfig"] = cfg
    name = pkg_name + "." + os.path.splitext(os.path.basename(path))[0]
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    # the seed binds the two transformers names when it is imported: stand-ins only for that
    # import, so that an installed transformers stays as it is for everything else
    saved = {}
    if not _real_transformers_fits(folder):
        for k, v in _stand_ins().items():
            saved[k] = sys.modules.get(k)
            sys.modules[k] = v
    try:
        spec.loader.exec_module(module)
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v
    if not hasattr(module, "MiniMindLM"):
        raise ValueError("--model-path %s: defines no MiniMindLM" % path)
    return module


def build(path, config):
    """A ``MiniMindLM`` of the module at ``path`` shaped by ``config`` (the seed's LMConfig keys)."""
    module = load_model_module(path)
    lm_config = module.LMConfig(**{k: config[k] for k in CONFIG_KEYS if k in config})
    return module.MiniMindLM(lm_config)


def config_json(config):
    """``config.json`` as the workbench writes it: the seed's keys and the continuous variant's."""
    c = {k: config[k] for k in CONFIG_KEYS}
    c.update(memory_variant="continuous", knowledge_length=8, ema_decay=0.9, ema_update_freq=5,
             knowledge_read="mean")
    return c
