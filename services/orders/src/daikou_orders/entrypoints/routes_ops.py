"""Ops work on an order: estimating, purchasing, recording the seller's answers and refunds."""

from uuid import UUID

from fastapi import APIRouter

from daikou_orders.application import changes, corrections, placing, purchasing, seller_refunds
from daikou_orders.entrypoints.deps import ActorDep, Unit
from daikou_orders.entrypoints.presenters import order_out
from daikou_orders.entrypoints.schemas import AnswerIn, EstimateIn, NoteIn, OrderOut, note_of

router = APIRouter(tags=["orders"])


@router.post("/orders/{order_id}/estimate", response_model=OrderOut)
async def estimate(order_id: UUID, body: EstimateIn, actor: ActorDep, unit: Unit) -> OrderOut:
    """Staff price the order; the 1st billing is issued."""
    order = await placing.estimate_order(
        unit, actor, order_id, prices=body.prices(), rate=body.rate, service_fee=body.service_fee
    )
    return order_out(order)


@router.put("/orders/{order_id}/estimate", response_model=OrderOut)
async def correct_estimate(
    order_id: UUID, body: EstimateIn, actor: ActorDep, unit: Unit
) -> OrderOut:
    """Staff correct the estimate while the 1st billing is unpaid."""
    order = await corrections.correct(
        unit, actor, order_id, prices=body.prices(), rate=body.rate, service_fee=body.service_fee
    )
    return order_out(order)


@router.post("/orders/{order_id}/items/{item_id}/purchased", response_model=OrderOut)
async def purchased(order_id: UUID, item_id: UUID, actor: ActorDep, unit: Unit) -> OrderOut:
    """Staff bought the item."""
    return order_out(await purchasing.mark_purchased(unit, actor, order_id, item_id))


@router.post("/orders/{order_id}/items/{item_id}/out-of-stock", response_model=OrderOut)
async def out_of_stock(
    order_id: UUID, item_id: UUID, actor: ActorDep, unit: Unit, body: NoteIn | None = None
) -> OrderOut:
    """The seller cannot supply the item: cancelled and refunded."""
    note = note_of(body)
    return order_out(await purchasing.mark_out_of_stock(unit, actor, order_id, item_id, note))


@router.post("/orders/{order_id}/items/{item_id}/seller-refund", response_model=OrderOut)
async def seller_refund(
    order_id: UUID, item_id: UUID, actor: ActorDep, unit: Unit, body: NoteIn | None = None
) -> OrderOut:
    """The seller refunded a bought item of an order staff cancelled."""
    return order_out(await seller_refunds.record(unit, actor, order_id, item_id, note_of(body)))


@router.post(
    "/orders/{order_id}/items/{item_id}/purchase-condition/answer", response_model=OrderOut
)
async def answer(
    order_id: UUID, item_id: UUID, body: AnswerIn, actor: ActorDep, unit: Unit
) -> OrderOut:
    """Staff record the seller's answer to a purchase condition."""
    order = await changes.answer_condition(
        unit, actor, order_id, item_id, answer=body.answer.strip(), proceed=body.proceed
    )
    return order_out(order)
