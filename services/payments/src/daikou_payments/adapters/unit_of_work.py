"""The payments service's unit of work: the kit's transaction with the repositories and settings."""

from __future__ import annotations

from daikou_kit.service_unit import ServiceUnit
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


class PaymentsUnitOfWork(ServiceUnit):
    """One transaction (the kit's `UnitOfWork`, `uow`), the repositories on it and the settings.

    It is the use cases' `PaymentsUnit`. Routes and consumers get it from the one factory the
    wiring gives the kit (`unit=`, `OnUnit`). It never commits: the kit's block does.
    """

    def __init__(self, uow: UnitOfWork, *, settings: PaymentsSettings) -> None:
        super().__init__(uow)
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
