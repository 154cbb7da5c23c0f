"""Argon2id password hashing."""

from __future__ import annotations

import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from daikou_kit.errors import DomainError


class HashingBusy(DomainError):
    """Every hashing slot stayed taken for too long: try again shortly (503)."""

    status = 503


class Argon2Hasher:
    """Argon2id with tunable cost, at most `concurrency` hashes at a time.

    A hash waits at most `wait_s` for a slot, then the request is refused with 503: a burst of
    sign-ins queues instead of taking every core, and cannot queue without end.
    """

    def __init__(
        self,
        time_cost: int,
        memory_kib: int,
        parallelism: int,
        concurrency: int = 2,
        wait_s: float = 5.0,
    ) -> None:
        self._hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism
        )
        self._slots = threading.BoundedSemaphore(concurrency)
        self._wait_s = wait_s

    def _slot(self) -> None:
        if not self._slots.acquire(timeout=self._wait_s):
            raise HashingBusy("too many sign-ins at once; try again shortly", code="busy")

    def hash(self, password: str) -> str:
        """A salted argon2id hash."""
        self._slot()
        try:
            return self._hasher.hash(password)
        finally:
            self._slots.release()

    def verify(self, password_hash: str, password: str) -> bool:
        """Whether the password matches."""
        self._slot()
        try:
            return self._hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        finally:
            self._slots.release()

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with other parameters than the current ones."""
        return self._hasher.check_needs_rehash(password_hash)
