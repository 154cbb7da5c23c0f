"""Exchange/return cases with the seller: negotiating -> seller accepted/refused -> resolved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from daikou_contracts.catalogue.warehouse import CaseKind, CaseOutcome
from daikou_contracts.money import Money
from daikou_kit.errors import Conflict, InvalidInput


class CaseState(StrEnum):
    """Where the negotiation with the seller stands."""

    NEGOTIATING = "negotiating"
    SELLER_ACCEPTED = "seller_accepted"
    SELLER_REFUSED = "seller_refused"
    RESOLVED = "resolved"


ALLOWED_OUTCOMES: dict[CaseState, frozenset[CaseOutcome]] = {
    CaseState.SELLER_ACCEPTED: frozenset({CaseOutcome.EXCHANGED, CaseOutcome.RETURNED}),
    CaseState.SELLER_REFUSED: frozenset({CaseOutcome.REFUSED}),
}


@dataclass
class Case:
    """One exchange/return case for a problem item."""

    case_id: UUID
    order_id: UUID
    item_id: UUID
    kind: CaseKind
    reason: str
    state: CaseState
    opened_at: datetime
    seller_note: str = ""
    outcome: CaseOutcome | None = None
    local_shipping_cost: Money | None = None
    responded_at: datetime | None = None
    resolved_at: datetime | None = None

    def record_seller_response(self, accepted: bool, note: str, at: datetime) -> None:
        """The seller agreed or refused; only while negotiating."""
        if self.state is not CaseState.NEGOTIATING:
            raise Conflict(
                f"case is {self.state}: the seller's response is already recorded",
                code="case_not_negotiating",
            )
        self.state = CaseState.SELLER_ACCEPTED if accepted else CaseState.SELLER_REFUSED
        self.seller_note = note
        self.responded_at = at

    def resolve(self, outcome: CaseOutcome, cost: Money, at: datetime) -> None:
        """Close the case with what happened and the local shipping cost it incurred."""
        allowed = ALLOWED_OUTCOMES.get(self.state)
        if allowed is None:
            raise Conflict(
                f"case is {self.state}: record the seller's response first"
                if self.state is CaseState.NEGOTIATING
                else "case is already resolved",
                code="case_not_resolvable",
            )
        if outcome not in allowed:
            names = ", ".join(sorted(allowed))
            raise Conflict(
                f"case is {self.state}: the outcome must be one of {names}", code="wrong_outcome"
            )
        if cost.amount < 0:
            raise InvalidInput("local shipping cost cannot be negative", code="negative_cost")
        self.state = CaseState.RESOLVED
        self.outcome = outcome
        self.local_shipping_cost = cost
        self.resolved_at = at
