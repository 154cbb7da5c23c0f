"""Fixtures of the payments integration tests; the harness lives in `payments_support.py`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from payments_support import payments

__all__ = ["payments"]
