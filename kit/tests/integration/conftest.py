"""Fixtures of the kit's integration tests; the harness lives in `kit_harness.py` beside this file."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from kit_harness import kit_service

__all__ = ["kit_service"]
