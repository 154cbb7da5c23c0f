"""The payments service's unit of work: the kit's transaction with the service's settings on it."""

from __future__ import annotations

from daikou_kit.unit_of_work import UnitOfWork
from daikou_payments.settings import PaymentsSettings


class PaymentsUnitOfWork:
    """One transaction (the kit's `UnitOfWork`, `uow`) and the settings its use cases read.

    Routes and consumers get it from the one factory the wiring gives the kit (`unit=`, `OnUnit`).
    It never commits: the kit's block does.
    """

    def __init__(self, uow: UnitOfWork, *, settings: PaymentsSettings) -> None:
        self.uow = uow
        self.settings = settings

    @property
    def currency(self) -> str:
        """The currency billings and deposits are kept in."""
        return self.settings.currency
