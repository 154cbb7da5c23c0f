"""The money invariant under any sequence of operations: ledger sum = balance >= 0, paid <= billed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from daikou_kit.errors import Conflict
from daikou_payments.domain.billing import Billing, BillingStatus, PaymentMethod
from daikou_payments.domain.deposit import DepositAccount

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
CUSTOMER = uuid4()


@dataclass
class Books:
    """One customer's deposit and billings, moved only through the domain's rules."""

    account: DepositAccount = field(default_factory=lambda: DepositAccount(CUSTOMER, "JPY"))
    ledger: list[int] = field(default_factory=list)
    billings: list[Billing] = field(default_factory=list)
    paid_ever: int = 0

    def credit(self, amount: int) -> None:
        if amount > 0:
            self.account.credit(amount)
            self.ledger.append(amount)

    def billing(self, index: int) -> Billing | None:
        return self.billings[index % len(self.billings)] if self.billings else None

    def top_up(self, amount: int, _: int) -> None:
        self.credit(amount)

    def withdraw(self, amount: int, _: int) -> None:
        try:
            self.account.debit(amount)
        except Conflict:
            return
        self.ledger.append(-amount)

    def issue(self, amount: int, _: int) -> None:
        self.billings.append(
            Billing(uuid4(), uuid4(), CUSTOMER, "first", "JPY", [], amount, 1, NOW)
        )

    def pay_by_deposit(self, _: int, index: int) -> None:
        b = self.billing(index)
        if b is None or b.amount_due == 0:
            return
        taken = self.account.takeable(b.amount_due)
        if taken:
            self.account.debit(taken)
            self.ledger.append(-taken)
            assert b.apply(taken, PaymentMethod.DEPOSIT, NOW)[0] == 0

    def pay_outside(self, amount: int, index: int) -> None:
        b = self.billing(index)
        if b is not None:
            excess, _ = b.apply(amount, PaymentMethod.CARD, NOW)
            self.credit(excess)

    def adjust(self, amount: int, index: int) -> None:
        b = self.billing(index)
        if b is not None and b.status is BillingStatus.OPEN:
            excess, _ = b.adjust([], amount, b.revision + 1, NOW)
            self.credit(excess)

    def void(self, _: int, index: int) -> None:
        b = self.billing(index)
        if b is not None and b.status is BillingStatus.OPEN:
            self.credit(b.void())


OPERATIONS = ["top_up", "withdraw", "issue", "pay_by_deposit", "pay_outside", "adjust", "void"]

steps = st.lists(
    st.tuples(
        st.sampled_from(OPERATIONS),
        st.integers(min_value=1, max_value=50_000),
        st.integers(min_value=0, max_value=20),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(steps)
def test_money_invariant_holds_for_any_sequence(sequence: list[tuple[str, int, int]]) -> None:
    books = Books()
    for name, amount, index in sequence:
        getattr(books, name)(amount, index)
        assert sum(books.ledger) == books.account.balance >= 0
        for b in books.billings:
            assert 0 <= b.amount_paid <= b.total
            assert all(v >= 0 for v in b.paid.values())
            assert b.amount_due == (
                b.total - b.amount_paid if b.status is BillingStatus.OPEN else 0
            )
            assert (b.status is BillingStatus.PAID) == (b.paid_at is not None)
