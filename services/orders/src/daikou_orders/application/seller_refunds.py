"""After a staff cancellation, a bought item's money comes back when its seller refunds it."""

from __future__ import annotations

from uuid import UUID

from daikou_contracts.catalogue.seller_refunds import SellerRefundRecorded
from daikou_kit.actors import Actor
from daikou_orders.application.common import load_for, require_ops, save, who
from daikou_orders.application.ports import OrdersUnit
from daikou_orders.domain import item_rules
from daikou_orders.domain.billing import item_share
from daikou_orders.domain.model import Order


async def record(uow: OrdersUnit, actor: Actor, order_id: UUID, item_id: UUID, note: str) -> Order:
    """Staff record the seller's refund of a bought item; payments refunds its share, once."""
    require_ops(actor)
    repo, order = await load_for(uow, order_id, actor)
    item = item_rules.record_seller_refund(
        order, item_id, at=uow.clock.now(), actor=who(actor), note=note
    )
    uow.emit(
        SellerRefundRecorded(
            order_id=order_id,
            customer_id=order.customer_id,
            item_id=item_id,
            refund=item_share(order, item),
            note=note,
        )
    )
    await save(uow, repo, order)
    return order
