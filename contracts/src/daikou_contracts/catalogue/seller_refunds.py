"""Staff recorded that a seller refunded an item bought for a cancelled order (`orders.*`)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field

from daikou_contracts.message import Event
from daikou_contracts.money import Money
from daikou_contracts.registry import register


@register
class SellerRefundRecorded(Event):
    """The seller refunded a bought item of a cancelled order: payments refunds its share."""

    TYPE = "orders.seller_refund_recorded"
    VERSION = 1

    order_id: UUID
    customer_id: UUID
    item_id: UUID
    refund: Money
    note: Annotated[str, Field(max_length=2000)] = ""
