"""Unit-test set-up: the in-memory fakes live in `gateway_fakes.py` beside this file."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
