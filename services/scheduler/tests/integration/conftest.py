"""Fixtures of the scheduler's integration tests; the helpers live in `scheduler_support.py`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from scheduler_support import scheduler_db, scheduler_url

__all__ = ["scheduler_db", "scheduler_url"]
