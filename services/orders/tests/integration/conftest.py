"""Fixtures of the orders integration tests; shared helpers live in `orders_support.py`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from orders_support import orders_app

__all__ = ["orders_app"]
