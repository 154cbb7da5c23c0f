"""Shape of the order's money statement."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import ConfigDict, Field

from daikou_contracts.money import Money
from daikou_gateway.entrypoints.schemas_common import Out

BILLING = "b1111111-2222-4333-8444-555555555555"


def _yen(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "JPY"}


class StatementRevisionOut(Out):
    """One revision of a billing: the estimate, each correction, the final one."""

    revision: int
    total: Money
    lines: list[dict[str, Any]]
    recorded_at: str


class StatementBillingOut(Out):
    """A billing on the statement, with every revision it had."""

    billing_id: UUID
    kind: str = Field(description="first, second or additional")
    status: str = Field(description="open, paid or voided")
    revision: int
    total: Money
    amount_paid: Money
    amount_due: Money
    paid_by: dict[str, Money] = Field(description="deposit, transfer, card")
    revisions: list[StatementRevisionOut]


class StatementLineOut(Out):
    """A signed line: + adds to what the customer owes, - settles or credits it."""

    kind: str = Field(
        description="billed, voided, paid_deposit, paid_transfer, paid_card, card_fee, "
        "paid_card_fee, refund, not_billed, received, credited, charge"
    )
    description: str
    amount: Money
    billing_id: UUID | None


class StatementOut(Out):
    """Every yen of an order: billings and revisions, payments, refunds, charges, the balance."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "order_id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                    "billings": [
                        {
                            "billing_id": BILLING,
                            "kind": "first",
                            "status": "paid",
                            "revision": 2,
                            "total": _yen(6000),
                            "amount_paid": _yen(6000),
                            "amount_due": _yen(0),
                            "paid_by": {
                                "deposit": _yen(2000),
                                "transfer": _yen(0),
                                "card": _yen(4000),
                            },
                            "revisions": [
                                {
                                    "revision": 1,
                                    "total": _yen(5000),
                                    "lines": [],
                                    "recorded_at": "2026-12-01T01:00:00+00:00",
                                },
                                {
                                    "revision": 2,
                                    "total": _yen(6000),
                                    "lines": [],
                                    "recorded_at": "2026-12-01T02:00:00+00:00",
                                },
                            ],
                        }
                    ],
                    "lines": [
                        {
                            "kind": "billed",
                            "description": "first billing, revision 2",
                            "amount": _yen(6000),
                            "billing_id": BILLING,
                        },
                        {
                            "kind": "paid_deposit",
                            "description": "paid by deposit",
                            "amount": _yen(-2000),
                            "billing_id": BILLING,
                        },
                        {
                            "kind": "paid_card",
                            "description": "paid by card",
                            "amount": _yen(-4000),
                            "billing_id": BILLING,
                        },
                    ],
                    "totals": {
                        "billed": _yen(6000),
                        "paid": _yen(6000),
                        "card_fees": _yen(184),
                        "refunded": _yen(0),
                        "credited_to_deposit": _yen(0),
                    },
                    "balance": _yen(0),
                    "due": _yen(0),
                    "sums": True,
                }
            ]
        }
    )

    order_id: UUID
    billings: list[StatementBillingOut]
    lines: list[StatementLineOut]
    totals: dict[str, Money] = Field(
        description="billed, paid, card_fees, refunded, credited_to_deposit"
    )
    balance: Money = Field(description="the sum of the lines: what the customer still owes")
    due: Money = Field(description="open billings' amounts due plus charges not yet billed")
    sums: bool = Field(description="balance equals due (always true)")
