"""What the use cases need from the outside world: the gateway's unit of work and its stores.

`adapters.unit_of_work.GatewayUnitOfWork` is the real unit (PostgreSQL, the kit's outbox) and
`adapters.services.Services` the real services' clients; the unit tests' fakes keep everything in
memory.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Protocol
from uuid import UUID

from daikou_contracts.json_types import JsonValue
from daikou_gateway.application.policy import AccountPolicy, AttemptLimit
from daikou_gateway.domain.accounts import Account, PasswordHasher
from daikou_gateway.domain.caller import Caller
from daikou_gateway.domain.order_page import Fetched
from daikou_gateway.domain.page_cache import PageCache
from daikou_kit.clock import Clock
from daikou_kit.service_unit import UnitPort

Params = Mapping[str, str | int | float | bool | None]
"""A call's query parameters (None: left out)."""


class ServiceApi(Protocol):
    """One service's internal API, called for the signed-in user."""

    async def call(self, method: str, path: str, caller: Caller) -> JsonValue:
        """The JSON answer of a successful call; a refusal (4xx) is raised on."""
        ...

    async def fetch(
        self,
        path: str,
        caller: Caller,
        params: Params | None = None,
        *,
        missing_ok: bool = False,
        budget_s: float | None = None,
    ) -> Fetched:
        """A part of a page: the JSON, or why it is unavailable (see `ServiceClient.fetch`)."""
        ...


class PageServices(Protocol):
    """The services the order page asks, how long a part may wait, and the pages' cache."""

    @property
    def orders(self) -> ServiceApi:
        """The orders service."""
        ...

    @property
    def payments(self) -> ServiceApi:
        """The payments service."""
        ...

    @property
    def messaging(self) -> ServiceApi:
        """The messaging service."""
        ...

    @property
    def warehouse(self) -> ServiceApi:
        """The warehouse service."""
        ...

    @property
    def page_budget_s(self) -> float | None:
        """How long a part of the order page may wait for its service."""
        ...

    @property
    def page_cache(self) -> PageCache | None:
        """Recently composed order pages."""
        ...


class AccountStore(Protocol):
    """The accounts, by id and by (normalised) e-mail address."""

    async def add(self, account: Account) -> None:
        """Store a new account; Conflict `email_taken` when the address has one."""
        ...

    async def update_contact(self, account: Account) -> None:
        """Store a changed e-mail, name and language; Conflict `email_taken` as above."""
        ...

    async def by_email(self, email: str) -> Account | None:
        """The account with this (normalised) e-mail address."""
        ...

    async def by_id(self, account_id: UUID) -> Account | None:
        """The account with this id."""
        ...

    async def touch_sign_in(self, account_id: UUID, at: datetime) -> None:
        """Record a successful sign-in."""
        ...

    async def update_password(self, account_id: UUID, password_hash: str) -> None:
        """Store a new (or re-hashed) password."""
        ...


class SessionStore(Protocol):
    """The server-side sessions that access tokens name."""

    async def open(
        self, session_id: UUID, account_id: UUID, now: datetime, expires_at: datetime
    ) -> None:
        """Record a new session."""
        ...

    async def revoke(self, session_id: UUID, now: datetime) -> None:
        """End one session."""
        ...

    async def revoke_others(self, account_id: UUID, keep: UUID | None, now: datetime) -> None:
        """End every session of the account but `keep`."""
        ...


class SignInAttempts(Protocol):
    """Sign-in attempt counters, each counted in a transaction of its own."""

    async def count_attempt(self, limits: list[AttemptLimit], now: datetime) -> timedelta | None:
        """Count one attempt under each limit; how long to wait when one is over."""
        ...

    async def forgive(self, keys: list[str]) -> None:
        """Take back one counted attempt of each key (a successful sign-in)."""
        ...


class GatewayUnit(UnitPort, Protocol):
    """One transaction of the gateway, as the account use cases see it."""

    @property
    def accounts(self) -> AccountStore:
        """The accounts."""
        ...

    @property
    def sessions(self) -> SessionStore:
        """The sessions of the signed-in accounts."""
        ...

    @property
    def attempts(self) -> SignInAttempts:
        """The sign-in attempt counters."""
        ...

    @property
    def hasher(self) -> PasswordHasher:
        """How passwords are hashed and checked."""
        ...

    @property
    def policy(self) -> AccountPolicy:
        """The token policy and the sign-in limits."""
        ...


class GatewayUnits(Protocol):
    """Opens the gateway's transactions one after another, for the use cases that do slow work
    between them (a password's hash takes tens of milliseconds of a core and may queue for a slot):
    no database connection is held while a password is hashed or checked.
    """

    @property
    def clock(self) -> Clock:
        """The injected clock."""
        ...

    @property
    def hasher(self) -> PasswordHasher:
        """How passwords are hashed and checked."""
        ...

    @property
    def policy(self) -> AccountPolicy:
        """The token policy and the sign-in limits."""
        ...

    @property
    def attempts(self) -> SignInAttempts:
        """The sign-in attempt counters (each counted in a transaction of its own)."""
        ...

    def open(self) -> AbstractAsyncContextManager[GatewayUnit]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        ...
