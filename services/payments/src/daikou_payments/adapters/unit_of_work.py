"""The payments service's unit of work: the kit's transaction with the repositories and settings."""

from __future__ import annotations

from uuid import UUID

from daikou_contracts.message import Envelope, Payload
from daikou_kit.clock import Clock
from daikou_kit.unit_of_work import UnitOfWork
from daikou_payments.adapters.billings import BillingRepository
from daikou_payments.adapters.cards import CardRepository
from daikou_payments.adapters.closed_days import CalendarRepository
from daikou_payments.adapters.deposit_requests import (
    DepositTransferRepository,
    WithdrawalRepository,
)
from daikou_payments.adapters.ledger import LedgerRepository
from daikou_payments.adapters.orders import OrderViewRepository
from daikou_payments.adapters.transfers import TransferRepository
from daikou_payments.settings import PaymentsSettings


class PaymentsUnitOfWork:
    """One transaction (the kit's `UnitOfWork`, `uow`), the repositories on it and the settings.

    It is the use cases' `PaymentsUnit`. Routes and consumers get it from the one factory the
    wiring gives the kit (`unit=`, `OnUnit`). It never commits: the kit's block does.
    """

    def __init__(self, uow: UnitOfWork, *, settings: PaymentsSettings) -> None:
        self.uow = uow
        self.settings = settings
        conn = uow.conn
        self.billings = BillingRepository(conn)
        self.ledger = LedgerRepository(conn)
        self.transfers = TransferRepository(conn)
        self.cards = CardRepository(conn)
        self.orders = OrderViewRepository(conn)
        self.withdrawals = WithdrawalRepository(conn)
        self.deposit_transfers = DepositTransferRepository(conn)
        self.calendar = CalendarRepository(conn)

    @property
    def currency(self) -> str:
        """The currency billings and deposits are kept in."""
        return self.settings.currency

    @property
    def clock(self) -> Clock:
        """The injected clock."""
        return self.uow.clock

    @property
    def incoming(self) -> Envelope | None:
        """The consumed message, in a consumer."""
        return self.uow.incoming

    def new_id(self) -> UUID:
        """A fresh id."""
        return self.uow.new_id()

    def emit(
        self,
        payload: Payload,
        *,
        routing_key: str | None = None,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> UUID:
        """Queue a contract message for the outbox, in this transaction."""
        return self.uow.emit(
            payload,
            routing_key=routing_key,
            correlation_id=correlation_id,
            causation_id=causation_id,
        )

    def correlate(self, correlation_id: str) -> None:
        """Set the flow the emitted messages belong to."""
        self.uow.correlate(correlation_id)
