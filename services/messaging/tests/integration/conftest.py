"""Fixtures of messaging's integration tests; the helpers live in `messaging_support.py`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from messaging_support import clock_at_start, messaging

__all__ = ["clock_at_start", "messaging"]
