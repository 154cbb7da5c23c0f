"""Fixtures of the gateway's tests; the shared code lives in `gateway_support.py` beside this file."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from gateway_support import gateway, gateway_database, stand_ins

__all__ = ["gateway", "gateway_database", "stand_ins"]
