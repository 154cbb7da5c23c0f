"""When to try a failed delivery again."""

from __future__ import annotations

from datetime import datetime, timedelta


def next_attempt(
    now: datetime, attempts: int, *, base_s: float, max_s: float, max_attempts: int
) -> datetime | None:
    """After the `attempts`-th failure: base, twice, four times… capped; None once out of attempts."""
    if attempts >= max_attempts:
        return None
    delay = min(base_s * 2 ** (attempts - 1), max_s)
    return now + timedelta(seconds=delay)
