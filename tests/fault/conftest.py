"""Fixtures of the fault suite: the private servers, the system under supervision, the summary."""

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
for path in (HERE, HERE.parent / "e2e", HERE.parents[1] / "scripts"):
    sys.path.insert(0, str(path))

from fault_harness import servers  # noqa: E402
from report import ROWS, table  # noqa: E402

__all__ = ["servers"]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the per-fault table after the run."""
    if ROWS:
        terminalreporter.write_sep("=", "fault suite summary")
        terminalreporter.write_line(table(ROWS))
