"""The answer of the statement route."""

from typing import Any
from uuid import UUID

from pydantic import BaseModel

from daikou_contracts.money import Money
from daikou_payments.application import statement


class RevisionOut(BaseModel):
    """One revision of a billing: the estimate, each correction, the final one."""

    revision: int
    total: Money
    lines: list[dict[str, Any]]
    recorded_at: str


class StatementBillingOut(BaseModel):
    """A billing on the statement."""

    billing_id: UUID
    kind: str
    status: str
    revision: int
    total: Money
    amount_paid: Money
    amount_due: Money
    paid_by: dict[str, Money]
    revisions: list[RevisionOut]


class LineOut(BaseModel):
    """A signed line: + adds to what the customer owes, - settles or credits it."""

    kind: str
    description: str
    amount: Money
    billing_id: UUID | None


class StatementOut(BaseModel):
    """GET /statements/{order_id}."""

    order_id: UUID
    billings: list[StatementBillingOut]
    lines: list[LineOut]
    totals: dict[str, Money]
    balance: Money
    due: Money
    sums: bool


def statement_out(found: statement.Statement, currency: str) -> StatementOut:
    """The order's money statement as the API shows it."""

    def m(amount: int) -> Money:
        return Money(amount=amount, currency=currency)

    def total(*kinds: str) -> Money:
        return m(sum(abs(line.amount) for line in found.lines if line.kind in kinds))

    return StatementOut(
        order_id=found.order_id,
        billings=[
            StatementBillingOut(
                billing_id=b.billing_id,
                kind=b.kind,
                status=b.status.value,
                revision=b.revision,
                total=m(b.total),
                amount_paid=m(b.amount_paid),
                amount_due=m(b.amount_due),
                paid_by={k.value: m(v) for k, v in b.paid.items()},
                revisions=[
                    RevisionOut(
                        revision=r.revision,
                        total=m(r.total),
                        lines=[line.model_dump(mode="json") for line in r.lines],
                        recorded_at=r.recorded_at.isoformat(),
                    )
                    for r in found.revisions
                    if r.billing_id == b.billing_id
                ],
            )
            for b in found.billings
        ],
        lines=[
            LineOut(
                kind=x.kind, description=x.description, amount=m(x.amount), billing_id=x.billing_id
            )
            for x in found.lines
        ],
        totals={
            "billed": total("billed", "charge"),
            "paid": total("paid_deposit", "paid_transfer", "paid_card", "received"),
            "card_fees": total("card_fee"),
            "refunded": total("refund"),
            "credited_to_deposit": total("credited"),
        },
        balance=m(found.balance),
        due=m(found.due),
        sums=found.balance == found.due,
    )
