"""The orders service's internal HTTP API (called by the gateway only): parse, call a use case, shape."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from daikou_contracts.catalogue.common import OrderStatus
from daikou_kit.errors import Forbidden
from daikou_kit.http import Actor, Role, actor_dependency
from daikou_kit.unit_of_work import Database
from daikou_orders.adapters.unit_of_work import orders_unit
from daikou_orders.application import (
    changes,
    completion,
    corrections,
    deadlines,
    placing,
    purchasing,
    queries,
    seller_refunds,
)
from daikou_orders.application.policy import Policy
from daikou_orders.application.queries import Tab
from daikou_orders.domain.placing import ItemPrice, NewItem
from daikou_orders.entrypoints.schemas import (
    AnswerIn,
    EstimateIn,
    FeedbackOut,
    NoteIn,
    OrderListOut,
    OrderOut,
    PlaceOrderIn,
    QuantityIn,
    ReceptionIn,
)
from daikou_orders.entrypoints.views import order_out, summary_out

OPS_ROLES = frozenset({Role.OPS, Role.SYSTEM})


def _ops(actor: Actor) -> None:
    if actor.role not in OPS_ROLES:
        raise Forbidden(f"role {actor.role} may not do this; it is ops work", code="ops_only")


def _not_warehouse(actor: Actor) -> None:
    if actor.role is Role.WAREHOUSE:
        raise Forbidden("warehouse staff do not change orders", code="ops_only")


def router(database: Database, policy: Policy, token: str) -> APIRouter:
    """Routes of the orders service."""
    r = APIRouter(tags=["orders"])
    ActorDep = Annotated[Actor, Depends(actor_dependency(token))]  # noqa: N806
    _read_routes(r, database, policy, ActorDep)
    _customer_routes(r, database, policy, ActorDep)
    _change_routes(r, database, policy, ActorDep)
    _ops_routes(r, database, policy, ActorDep)
    return r


def _read_routes(r: APIRouter, database: Database, policy: Policy, ActorDep: Any) -> None:  # noqa: N803
    """An order, order lists, recent feedback."""

    @r.get("/orders/{order_id}", response_model=OrderOut)
    async def get_order(order_id: UUID, actor: ActorDep) -> OrderOut:
        async with orders_unit(database) as uow:
            order, report = await queries.get_order(uow, actor, order_id)
            hold = await deadlines.deadline_hold(uow, order)
        return order_out(order, report, hold)

    @r.get("/orders", response_model=OrderListOut)
    async def list_orders(  # noqa: PLR0917
        actor: ActorDep,
        customer_id: UUID | None = None,
        tab: Tab | None = None,
        status: OrderStatus | None = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> OrderListOut:
        async with orders_unit(database) as uow:
            page = await queries.list_orders(
                uow,
                actor,
                customer_id=customer_id,
                tab=tab,
                status=status,
                limit=limit,
                offset=offset,
                second_unpaid_after=policy.second_payment_stalled_after,
            )
        orders = [summary_out(o, page.flags.get(o.order_id, [])) for o in page.orders]
        return OrderListOut(orders=orders, total=page.total, limit=limit, offset=offset)

    @r.get("/feedback/recent", response_model=list[FeedbackOut])
    async def recent_feedback(
        actor: ActorDep, limit: Annotated[int, Query(ge=1, le=50)] = 10
    ) -> list[FeedbackOut]:
        async with orders_unit(database) as uow:
            reports = await queries.recent_feedback(uow, limit)
        return [FeedbackOut(comment=f.comment, reported_at=f.reported_at) for f in reports]


def _customer_routes(r: APIRouter, database: Database, policy: Policy, ActorDep: Any) -> None:  # noqa: N803
    """What only the customer does: apply, confirm the photos, report reception."""

    @r.post("/orders", status_code=201, response_model=OrderOut)
    async def place_order(body: PlaceOrderIn, actor: ActorDep) -> OrderOut:
        items = [
            NewItem(
                url=i.url,
                title=i.title,
                options=i.options,
                quantity=i.quantity,
                expected_unit_price=i.expected_unit_price,
            )
            for i in body.items
        ]
        async with orders_unit(database) as uow:
            order = await placing.place_order(
                uow,
                actor,
                items=items,
                address=body.address,
                shipping_preference=body.shipping_preference,
                policy=policy,
            )
        return order_out(order)

    @r.post("/orders/{order_id}/photos-checked", response_model=OrderOut)
    async def photos_checked(order_id: UUID, actor: ActorDep) -> OrderOut:
        async with orders_unit(database) as uow:
            order = await changes.photos_checked(uow, actor, order_id)
        return order_out(order)

    @r.post("/orders/{order_id}/reception-report", response_model=OrderOut)
    async def reception_report(order_id: UUID, body: ReceptionIn, actor: ActorDep) -> OrderOut:
        async with orders_unit(database) as uow:
            order, report = await completion.report_reception(
                uow,
                actor,
                order_id,
                result=body.result,
                comment=body.comment,
                public=body.public,
                attachment_ids=body.attachment_ids,
            )
        return order_out(order, report)


def _change_routes(r: APIRouter, database: Database, policy: Policy, ActorDep: Any) -> None:  # noqa: N803
    """Quantity changes and cancellations (the customer, or ops on their behalf)."""

    @r.patch("/orders/{order_id}/items/{item_id}", response_model=OrderOut)
    async def change_quantity(
        order_id: UUID, item_id: UUID, body: QuantityIn, actor: ActorDep
    ) -> OrderOut:
        _not_warehouse(actor)
        async with orders_unit(database) as uow:
            order = await changes.change_quantity(
                uow,
                actor,
                order_id,
                item_id,
                body.quantity,
                max_total_jpy=policy.limits.max_total_jpy,
            )
        return order_out(order)

    @r.post("/orders/{order_id}/items/{item_id}/cancel", response_model=OrderOut)
    async def cancel_item(
        order_id: UUID, item_id: UUID, actor: ActorDep, body: NoteIn | None = None
    ) -> OrderOut:
        _not_warehouse(actor)
        note = (body or NoteIn()).reason.strip()
        async with orders_unit(database) as uow:
            order = await changes.cancel_item(uow, actor, order_id, item_id, note)
        return order_out(order)

    @r.post("/orders/{order_id}/cancel", response_model=OrderOut)
    async def cancel_order(order_id: UUID, actor: ActorDep, body: NoteIn | None = None) -> OrderOut:
        _not_warehouse(actor)
        async with orders_unit(database) as uow:
            order = await changes.cancel_order(uow, actor, order_id, (body or NoteIn()).reason)
        return order_out(order)


def _ops_routes(r: APIRouter, database: Database, policy: Policy, ActorDep: Any) -> None:  # noqa: N803
    """Ops work: estimating, purchasing, recording the seller's answers."""

    @r.post("/orders/{order_id}/estimate", response_model=OrderOut)
    async def estimate(order_id: UUID, body: EstimateIn, actor: ActorDep) -> OrderOut:
        _ops(actor)
        prices = [
            ItemPrice(
                item_id=p.item_id, unit_price=p.unit_price, domestic_shipping=p.domestic_shipping
            )
            for p in body.items
        ]
        async with orders_unit(database) as uow:
            order = await placing.estimate_order(
                uow,
                actor,
                order_id,
                prices=prices,
                rate=body.rate,
                service_fee=body.service_fee,
                policy=policy,
            )
        return order_out(order)

    @r.put("/orders/{order_id}/estimate", response_model=OrderOut)
    async def correct_estimate(order_id: UUID, body: EstimateIn, actor: ActorDep) -> OrderOut:
        _ops(actor)
        prices = [
            ItemPrice(
                item_id=p.item_id, unit_price=p.unit_price, domestic_shipping=p.domestic_shipping
            )
            for p in body.items
        ]
        async with orders_unit(database) as uow:
            order = await corrections.correct(
                uow,
                actor,
                order_id,
                prices=prices,
                rate=body.rate,
                service_fee=body.service_fee,
                policy=policy,
            )
        return order_out(order)

    @r.post("/orders/{order_id}/items/{item_id}/purchased", response_model=OrderOut)
    async def purchased(order_id: UUID, item_id: UUID, actor: ActorDep) -> OrderOut:
        _ops(actor)
        async with orders_unit(database) as uow:
            order = await purchasing.mark_purchased(uow, actor, order_id, item_id)
        return order_out(order)

    @r.post("/orders/{order_id}/items/{item_id}/out-of-stock", response_model=OrderOut)
    async def out_of_stock(
        order_id: UUID, item_id: UUID, actor: ActorDep, body: NoteIn | None = None
    ) -> OrderOut:
        _ops(actor)
        note = (body or NoteIn()).reason.strip()
        async with orders_unit(database) as uow:
            order = await purchasing.mark_out_of_stock(uow, actor, order_id, item_id, note)
        return order_out(order)

    @r.post("/orders/{order_id}/items/{item_id}/seller-refund", response_model=OrderOut)
    async def seller_refund(
        order_id: UUID, item_id: UUID, actor: ActorDep, body: NoteIn | None = None
    ) -> OrderOut:
        _ops(actor)
        note = (body or NoteIn()).reason.strip()
        async with orders_unit(database) as uow:
            order = await seller_refunds.record(uow, actor, order_id, item_id, note)
        return order_out(order)

    @r.post("/orders/{order_id}/items/{item_id}/purchase-condition/answer", response_model=OrderOut)
    async def answer(order_id: UUID, item_id: UUID, body: AnswerIn, actor: ActorDep) -> OrderOut:
        _ops(actor)
        async with orders_unit(database) as uow:
            order = await changes.answer_condition(
                uow, actor, order_id, item_id, answer=body.answer.strip(), proceed=body.proceed
            )
        return order_out(order)
