"""Fixtures of messaging's integration tests; the helpers live in `messaging_support.py`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from messaging_support import messaging

__all__ = ["messaging"]
