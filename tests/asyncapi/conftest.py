"""The AsyncAPI generator lives in `scripts/`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2] / "scripts"))
