"""The customer's reception report: it completes a shipped order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from daikou_contracts.catalogue.orders import CompletionReason, ReceptionResult
from daikou_kit.errors import InvalidInput
from daikou_orders.domain.lifecycle import complete
from daikou_orders.domain.model import Order

MAX_ATTACHMENTS = 3


@dataclass(frozen=True)
class ReceptionReport:
    """What the customer reported on receiving the parcel."""

    order_id: UUID
    customer_id: UUID
    result: ReceptionResult
    comment: str
    public: bool
    attachment_ids: list[UUID]
    reported_at: datetime


def report_reception(
    order: Order,
    *,
    result: ReceptionResult,
    comment: str,
    public: bool,
    attachment_ids: list[UUID],
    at: datetime,
    actor: str,
) -> ReceptionReport:
    """Complete the shipped order with the customer's report, or refuse with the reason."""
    comment = comment.strip()
    if result is ReceptionResult.PROBLEM and not comment:
        raise InvalidInput(
            "a problem report needs a description of the problem", code="no_description"
        )
    if result is ReceptionResult.PROBLEM and public:
        raise InvalidInput(
            "a problem report cannot be published as feedback", code="problem_not_public"
        )
    if len(attachment_ids) > MAX_ATTACHMENTS or len(set(attachment_ids)) != len(attachment_ids):
        raise InvalidInput(
            f"at most {MAX_ATTACHMENTS} distinct attachments", code="too_many_attachments"
        )
    complete(order, at=at, actor=actor, reason=CompletionReason.RECEPTION_REPORT.value)
    return ReceptionReport(
        order_id=order.order_id,
        customer_id=order.customer_id,
        result=result,
        comment=comment,
        public=public and bool(comment),
        attachment_ids=list(attachment_ids),
        reported_at=at,
    )
