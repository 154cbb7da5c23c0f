"""The gateway's unit of work: the kit's transaction with the account stores and policy on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace

from daikou_gateway.adapters.accounts import AccountRepository
from daikou_gateway.adapters.sessions import SessionRepository, SessionStore
from daikou_gateway.application.policy import AccountPolicy
from daikou_gateway.domain.accounts import PasswordHasher
from daikou_kit.clock import Clock
from daikou_kit.service_unit import ServiceUnit
from daikou_kit.unit_of_work import Database, UnitOfWork


class GatewayUnitOfWork(ServiceUnit):
    """One transaction (the kit's `UnitOfWork`, `uow`), the accounts and sessions on it, the
    sign-in counters (which count in transactions of their own), the hasher and the policy.

    It is the use cases' `GatewayUnit`. It never commits: the kit's block that opened `uow` does.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        *,
        hasher: PasswordHasher,
        policy: AccountPolicy,
        attempts: SessionStore,
    ) -> None:
        super().__init__(uow)
        self.hasher = hasher
        self.policy = policy
        self.attempts = attempts
        self.accounts = AccountRepository(uow.conn)
        self.sessions = SessionRepository(uow.conn)


@dataclass(frozen=True)
class GatewayUnits:
    """Opens gateway units of work one after another (the use cases' `GatewayUnits`), in the flow
    of the request that asked (`in_flow`)."""

    database: Database
    hasher: PasswordHasher
    policy: AccountPolicy
    attempts: SessionStore
    flow: str | None = None

    @property
    def clock(self) -> Clock:
        """The database's clock."""
        return self.database.clock

    def unit(self, uow: UnitOfWork) -> GatewayUnitOfWork:
        """The gateway's unit on the kit's transaction `uow`."""
        return GatewayUnitOfWork(
            uow, hasher=self.hasher, policy=self.policy, attempts=self.attempts
        )

    def in_flow(self, flow: str | None) -> GatewayUnits:
        """The same, opening units in the flow `flow` (None: a new flow for each)."""
        return replace(self, flow=flow)

    @asynccontextmanager
    async def open(self) -> AsyncIterator[GatewayUnitOfWork]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        async with self.database.unit_of_work(correlation_id=self.flow) as uow:
            yield self.unit(uow)
