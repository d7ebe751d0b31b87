"""Records PyTorch training runs of the seed's MiniMindLM into the MiniMind Memory Workbench's
run-directory format (see README.md beside this package)."""
from .recorder import RunRecorder, SlotCounter  # noqa: F401

__version__ = "0.1.0"
