"""The suite's summary: one row per fault, printed at the end of `make fault`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """What one fault test saw."""

    fault: str
    driven: int
    correct: int
    published: int
    applied: int
    dead_lettered: int
    recover_s: float
    invariants_held: bool


ROWS: list[Row] = []

HEADER = (
    "fault",
    "orders driven",
    "orders correct",
    "published",
    "applied",
    "dead-lettered",
    "time to recover",
    "invariants",
)


def table(rows: list[Row]) -> str:
    """The rows as an aligned text table."""
    cells = [HEADER] + [
        (
            r.fault,
            str(r.driven),
            str(r.correct),
            str(r.published),
            str(r.applied),
            str(r.dead_lettered),
            f"{r.recover_s:.1f} s",
            "held" if r.invariants_held else "BROKEN",
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADER))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
