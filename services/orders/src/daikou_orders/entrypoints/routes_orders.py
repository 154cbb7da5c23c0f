"""Reading orders, and what only their customer does: apply, confirm the photos, report reception."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from daikou_contracts.catalogue.common import OrderStatus
from daikou_orders.application import changes, completion, placing, queries
from daikou_orders.application.queries import Tab
from daikou_orders.entrypoints.deps import ActorDep, Unit
from daikou_orders.entrypoints.presenters import order_out, summary_out
from daikou_orders.entrypoints.schemas import (
    FeedbackOut,
    OrderListOut,
    OrderOut,
    PlaceOrderIn,
    ReceptionIn,
)

router = APIRouter(tags=["orders"])


@router.get("/orders/{order_id}", response_model=OrderOut)
async def get_order(order_id: UUID, actor: ActorDep, unit: Unit) -> OrderOut:
    """The order with its reception report and what holds its payment deadline."""
    found = await queries.get_order(unit, actor, order_id)
    return order_out(found.order, found.report, found.hold)


@router.get("/orders", response_model=OrderListOut)
async def list_orders(
    actor: ActorDep,
    unit: Unit,
    *,
    customer_id: UUID | None = None,
    tab: Tab | None = None,
    status: OrderStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> OrderListOut:
    """Orders newest first: a customer's own, or any for staff (with their overdue flags)."""
    page = await queries.list_orders(
        unit, actor, customer_id=customer_id, tab=tab, status=status, limit=limit, offset=offset
    )
    orders = [summary_out(o, page.flags.get(o.order_id, [])) for o in page.orders]
    return OrderListOut(orders=orders, total=page.total, limit=limit, offset=offset)


@router.get("/feedback/recent", response_model=list[FeedbackOut])
async def recent_feedback(
    actor: ActorDep, unit: Unit, limit: Annotated[int, Query(ge=1, le=50)] = 10
) -> list[FeedbackOut]:
    """The latest public reception comments."""
    reports = await queries.recent_feedback(unit, limit)
    return [FeedbackOut(comment=f.comment, reported_at=f.reported_at) for f in reports]


@router.post("/orders", status_code=201, response_model=OrderOut)
async def place_order(body: PlaceOrderIn, actor: ActorDep, unit: Unit) -> OrderOut:
    """A customer applies for items."""
    order = await placing.place_order(
        unit,
        actor,
        items=body.new_items(),
        address=body.address,
        shipping_preference=body.shipping_preference,
    )
    return order_out(order)


@router.post("/orders/{order_id}/photos-checked", response_model=OrderOut)
async def photos_checked(order_id: UUID, actor: ActorDep, unit: Unit) -> OrderOut:
    """The customer has seen the inspection photos."""
    return order_out(await changes.photos_checked(unit, actor, order_id))


@router.post("/orders/{order_id}/reception-report", response_model=OrderOut)
async def reception_report(
    order_id: UUID, body: ReceptionIn, actor: ActorDep, unit: Unit
) -> OrderOut:
    """The customer received the parcel: the order completes."""
    order, report = await completion.report_reception(
        unit,
        actor,
        order_id,
        result=body.result,
        comment=body.comment,
        public=body.public,
        attachment_ids=body.attachment_ids,
    )
    return order_out(order, report)
