"""A circuit breaker per service: after a run of failures the gateway stops calling the service for a
while and answers at once that it is unavailable; then one call at a time tries it again."""

from __future__ import annotations

import time
from collections.abc import Callable


class CircuitBreaker:
    """Closed while the service answers; open for `open_s` after `failures` failures in a row.

    Once `open_s` has passed, one call is let through (half-open): its success closes the breaker,
    its failure opens it for another `open_s`; the others keep failing fast meanwhile.
    """

    def __init__(
        self, failures: int, open_s: float, now: Callable[[], float] = time.monotonic
    ) -> None:
        self.threshold = max(1, failures)
        self.open_s = open_s
        self.now = now
        self.failures = 0
        self.retry_at: float | None = None

    @property
    def state(self) -> str:
        """`closed`, `open` (failing fast) or `half-open` (the next call is a trial)."""
        if self.retry_at is None:
            return "closed"
        return "open" if self.now() < self.retry_at else "half-open"

    def allow(self) -> bool:
        """Whether a call may go to the service now (a half-open breaker lets one through)."""
        if self.retry_at is None:
            return True
        now = self.now()
        if now < self.retry_at:
            return False
        self.retry_at = now + self.open_s  # one trial per period; the others still fail fast
        return True

    def succeeded(self) -> None:
        """The service answered: close."""
        self.failures = 0
        self.retry_at = None

    def failed(self) -> None:
        """The service failed or was too slow: open after `failures` in a row."""
        self.failures += 1
        if self.failures >= self.threshold or self.retry_at is not None:
            self.retry_at = self.now() + self.open_s
