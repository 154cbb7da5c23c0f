"""Exchange/return cases with the seller for problem items."""

from __future__ import annotations

from uuid import UUID

from daikou_contracts.catalogue.warehouse import (
    CaseKind,
    CaseOutcome,
    ExchangeReturnOpened,
    ExchangeReturnResolved,
)
from daikou_contracts.money import Money
from daikou_kit.actors import Actor
from daikou_kit.errors import Conflict, NotFound
from daikou_warehouse.application.common import announce_if_complete, load_order, require_staff
from daikou_warehouse.application.ports import WarehouseUnit
from daikou_warehouse.domain.cases import Case, CaseState
from daikou_warehouse.domain.model import Order


async def open_case(
    uow: WarehouseUnit, actor: Actor, *, order_id: UUID, item_id: UUID, kind: CaseKind, reason: str
) -> Case:
    """Open a case for an inspected item (staff, or the customer once the photos are shown)."""
    order = await load_order(uow, actor, order_id, lock=True)
    if not actor.is_staff and order.photos_released_at is None:
        raise Conflict("the items' inspection is not complete yet", code="inspection_incomplete")
    order.ensure_not_cancelled("open an exchange/return")
    order.ensure_not_packed("open an exchange/return")
    item = order.item(item_id)
    if item is None or not item.live:
        raise NotFound(f"item {item_id} is not a live item of this order", code="item_not_found")
    if item.current_result is None:
        raise Conflict(f"item {item_id} is not inspected yet", code="not_inspected")
    if item.open_case_id is not None:
        raise Conflict(f"item {item_id} already has an open case", code="case_open")
    case = Case(
        case_id=uow.new_id(),
        order_id=order_id,
        item_id=item_id,
        kind=kind,
        reason=reason,
        state=CaseState.NEGOTIATING,
        opened_at=uow.clock.now(),
    )
    await uow.shipping.add_case(case, actor.role.value)
    item.open_case_id = case.case_id
    await uow.orders.save(order)
    uow.emit(
        ExchangeReturnOpened(
            case_id=case.case_id, order_id=order_id, item_id=item_id, kind=kind, reason=reason
        )
    )
    return case


async def _case(uow: WarehouseUnit, actor: Actor, case_id: UUID) -> tuple[Case, Order]:
    require_staff(actor)
    shipping = uow.shipping
    found = await shipping.case(case_id)
    if found is None:
        raise NotFound(f"case {case_id} does not exist", code="case_not_found")
    order = await load_order(uow, actor, found.order_id, lock=True)
    case = await shipping.case(case_id)  # read again under the order's lock: no double resolution
    assert case is not None
    return case, order


async def record_seller_response(
    uow: WarehouseUnit, actor: Actor, case_id: UUID, accepted: bool, note: str
) -> Case:
    """The seller agreed to exchange/return, or refused."""
    case, _ = await _case(uow, actor, case_id)
    case.record_seller_response(accepted, note, uow.clock.now())
    await uow.shipping.save_case(case)
    return case


async def resolve_case(
    uow: WarehouseUnit, actor: Actor, case_id: UUID, outcome: CaseOutcome, cost: Money
) -> Case:
    """Close a case: the item was exchanged (re-inspect it), returned, or the seller refused."""
    case, order = await _case(uow, actor, case_id)
    case.resolve(outcome, cost, uow.clock.now())
    await uow.shipping.save_case(case)
    exchanged = outcome is CaseOutcome.EXCHANGED  # the replacement is inspected afresh
    if exchanged:
        order.inspection_completed_at = None
    returned_at = case.resolved_at if outcome is CaseOutcome.RETURNED else None
    item = order.item(case.item_id)
    assert item is not None  # a case is opened for an item of its order
    item.close_case(reinspect=exchanged, returned_at=returned_at)
    await uow.orders.save(order)
    uow.emit(
        ExchangeReturnResolved(
            case_id=case.case_id,
            order_id=case.order_id,
            item_id=case.item_id,
            outcome=outcome,
            local_shipping_cost=cost,
        )
    )
    await announce_if_complete(uow, order)
    return case
