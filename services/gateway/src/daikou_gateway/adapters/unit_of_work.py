"""The gateway's unit of work: the kit's transaction with the account stores and policy on it."""

from __future__ import annotations

from daikou_gateway.adapters.accounts import AccountRepository
from daikou_gateway.adapters.sessions import SessionRepository, SessionStore
from daikou_gateway.application.policy import AccountPolicy
from daikou_gateway.domain.accounts import PasswordHasher
from daikou_kit.service_unit import ServiceUnit
from daikou_kit.unit_of_work import UnitOfWork


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
