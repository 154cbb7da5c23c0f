"""In-memory fakes of the gateway's unit of work and its stores: account use cases in microseconds.

`FakeGatewayUnit` is a `GatewayUnit` and its own `GatewayUnits` (see
`daikou_gateway.application.ports`): accounts, sessions
and sign-in counters in dicts, a hasher that is fast (and tells which version made a hash), a
policy of the test's choosing, and every emitted message collected in `emitted`. The integration
tier proves the real adapters keep the same promises.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from uuid import UUID

from daikou_gateway.application.policy import (
    AccountPolicy,
    AttemptLimit,
    SignInLimits,
    TokenPolicy,
)
from daikou_gateway.domain.accounts import Account
from daikou_kit.errors import Conflict
from daikou_kit.fake_unit import FakeUnit

POLICY = AccountPolicy(
    TokenPolicy("test-token-secret", timedelta(hours=1)),
    SignInLimits(
        per_account=3,
        account_window=timedelta(minutes=15),
        per_client=5,
        client_window=timedelta(minutes=5),
    ),
)


class FakeHasher:
    """A fast stand-in for argon2: `v<version>$<password>`; older versions need a re-hash."""

    def __init__(self, version: int = 1) -> None:
        self.version = version

    def hash(self, password: str) -> str:
        return f"v{self.version}${password}"

    def verify(self, password_hash: str, password: str) -> bool:
        return password_hash.partition("$")[2] == password and password_hash.startswith("v")

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith(f"v{self.version}$")


@dataclass
class FakeAccountStore:
    """Accounts by id, with the unique (normalised) e-mail address of the real table."""

    rows: dict[UUID, Account] = field(default_factory=dict)
    signed_in_at: dict[UUID, datetime] = field(default_factory=dict)

    def _taken(self, account: Account) -> None:
        if any(a.email == account.email and a.id != account.id for a in self.rows.values()):
            raise Conflict("an account with this email already exists", code="email_taken")

    async def add(self, account: Account) -> None:
        self._taken(account)
        self.rows[account.id] = account

    async def update_contact(self, account: Account) -> None:
        self._taken(account)
        stored = self.rows[account.id]
        self.rows[account.id] = replace(
            stored,
            email=account.email,
            display_name=account.display_name,
            language=account.language,
        )

    async def by_email(self, email: str) -> Account | None:
        return next((a for a in self.rows.values() if a.email == email), None)

    async def by_id(self, account_id: UUID) -> Account | None:
        return self.rows.get(account_id)

    async def touch_sign_in(self, account_id: UUID, at: datetime) -> None:
        self.signed_in_at[account_id] = at

    async def update_password(self, account_id: UUID, password_hash: str) -> None:
        self.rows[account_id] = replace(self.rows[account_id], password_hash=password_hash)


@dataclass
class FakeSession:
    """A stored session."""

    account_id: UUID
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None


@dataclass
class FakeSessionStore:
    """Sessions by id."""

    rows: dict[UUID, FakeSession] = field(default_factory=dict)

    async def open(
        self, session_id: UUID, account_id: UUID, now: datetime, expires_at: datetime
    ) -> None:
        self.rows[session_id] = FakeSession(account_id, now, expires_at)

    async def revoke(self, session_id: UUID, now: datetime) -> None:
        found = self.rows.get(session_id)
        if found is not None and found.revoked_at is None:
            found.revoked_at = now

    async def revoke_others(self, account_id: UUID, keep: UUID | None, now: datetime) -> None:
        for session_id, found in self.rows.items():
            if found.account_id == account_id and session_id != keep and not found.revoked_at:
                found.revoked_at = now

    def active(self, account_id: UUID, now: datetime) -> set[UUID]:
        """The account's sessions neither revoked nor expired."""
        return {
            session_id
            for session_id, s in self.rows.items()
            if s.account_id == account_id and s.revoked_at is None and s.expires_at > now
        }


@dataclass
class FakeAttempts:
    """Fixed-window counters by key, as the real table keeps them: key -> (window start, count)."""

    rows: dict[str, tuple[datetime, int]] = field(default_factory=dict)

    async def count_attempt(self, limits: list[AttemptLimit], now: datetime) -> timedelta | None:
        wait: timedelta | None = None
        for key, maximum, window in limits:
            start, attempts = self.rows.get(key, (now, 0))
            if start <= now - window:
                start, attempts = now, 0
            self.rows[key] = (start, attempts + 1)
            if attempts + 1 > maximum:
                left = start + window - now
                wait = left if wait is None else max(wait, left)
        return wait

    async def forgive(self, keys: list[str]) -> None:
        for key in keys:
            if key in self.rows:
                start, attempts = self.rows[key]
                self.rows[key] = (start, max(attempts - 1, 0))


@dataclass
class FakeGatewayUnit(FakeUnit):
    """A `GatewayUnit` in memory: the kit's fake unit with the gateway's stores and policy."""

    accounts: FakeAccountStore = field(default_factory=FakeAccountStore)
    sessions: FakeSessionStore = field(default_factory=FakeSessionStore)
    attempts: FakeAttempts = field(default_factory=FakeAttempts)
    hasher: FakeHasher = field(default_factory=FakeHasher)
    policy: AccountPolicy = POLICY
    opened: int = 0
    """How many transactions the use cases opened."""

    @asynccontextmanager
    async def open(self) -> AsyncIterator[FakeGatewayUnit]:
        """This same unit as the next transaction (one store serves them all)."""
        self.opened += 1
        yield self
