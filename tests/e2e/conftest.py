"""Fixtures of the end-to-end tests; the harness lives in `system_harness.py` beside this file."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[2] / "scripts"))

from system_harness import system

__all__ = ["system"]
