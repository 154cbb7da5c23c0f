"""Quantity changes and cancellations, by the customer or by ops on their behalf."""

from uuid import UUID

from fastapi import APIRouter

from daikou_orders.application import changes
from daikou_orders.entrypoints.deps import ActorDep, Unit
from daikou_orders.entrypoints.presenters import order_out
from daikou_orders.entrypoints.schemas import NoteIn, OrderOut, QuantityIn, note_of

router = APIRouter(tags=["orders"])


@router.patch("/orders/{order_id}/items/{item_id}", response_model=OrderOut)
async def change_quantity(
    order_id: UUID, item_id: UUID, body: QuantityIn, actor: ActorDep, unit: Unit
) -> OrderOut:
    """A pre-payment item's new quantity; the 1st billing follows."""
    return order_out(await changes.change_quantity(unit, actor, order_id, item_id, body.quantity))


@router.post("/orders/{order_id}/items/{item_id}/cancel", response_model=OrderOut)
async def cancel_item(
    order_id: UUID, item_id: UUID, actor: ActorDep, unit: Unit, body: NoteIn | None = None
) -> OrderOut:
    """One item cancelled (refunded when paid)."""
    return order_out(await changes.cancel_item(unit, actor, order_id, item_id, note_of(body)))


@router.post("/orders/{order_id}/cancel", response_model=OrderOut)
async def cancel_order(
    order_id: UUID, actor: ActorDep, unit: Unit, body: NoteIn | None = None
) -> OrderOut:
    """The whole order cancelled."""
    return order_out(await changes.cancel_order(unit, actor, order_id, note_of(body)))
