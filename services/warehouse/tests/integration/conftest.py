"""Fixtures of the warehouse integration tests; the helpers live in `warehouse_support.py` beside this file."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from warehouse_support import warehouse, warehouse_events

__all__ = ["warehouse", "warehouse_events"]
