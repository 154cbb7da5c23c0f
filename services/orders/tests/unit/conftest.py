"""Unit-test set-up: shared builders live in `orders_builders.py` beside this file."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
