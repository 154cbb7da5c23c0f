"""Fixtures of the notifications integration tests; they live in `notifications_support.py`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from notifications_support import infra, notifications, smtp

__all__ = ["infra", "notifications", "smtp"]
