"""Item and order rules, the exchange/return state machine and image sniffing (no I/O)."""

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from daikou_contracts.catalogue.warehouse import CaseKind, CaseOutcome, InspectionResult
from daikou_contracts.money import Money
from daikou_kit.errors import Conflict, InvalidInput
from daikou_kit.media import GIF, JPEG, PNG, WEBP
from daikou_warehouse.domain.cases import Case, CaseState
from daikou_warehouse.domain.model import Item, ItemState, Order, OrderStage, inspection_result
from daikou_warehouse.domain.photos import sniff_image

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
OK, PROBLEM = InspectionResult.OK, InspectionResult.PROBLEM


def _item(order: Order, quantity: int = 2, **kw: object) -> Item:
    item = Item(uuid4(), order.order_id, "shirt", {}, quantity, purchased=True, **kw)  # type: ignore[arg-type]
    order.items.append(item)
    return item


def _order() -> Order:
    return Order(order_id=uuid4(), customer_id=uuid4())


def test_ok_needs_the_right_quantity_the_right_type_and_no_noted_problem() -> None:
    assert inspection_result(2, 2, True, False) is OK
    assert inspection_result(2, 1, True, False) is PROBLEM
    assert inspection_result(2, 3, True, False) is PROBLEM
    assert inspection_result(2, 2, False, False) is PROBLEM
    assert inspection_result(2, 2, True, True) is PROBLEM


def test_item_state_follows_its_facts() -> None:
    order = _order()
    item = _item(order, quantity=3)
    assert item.state is ItemState.EXPECTED
    item.arrived_quantity = 1
    assert item.state is ItemState.PARTIALLY_ARRIVED
    item.arrived_quantity = 3
    assert item.state is ItemState.ARRIVED
    item.current_result = PROBLEM
    assert item.state is ItemState.PROBLEM
    item.open_case_id = uuid4()
    assert item.state is ItemState.EXCHANGE_RETURN
    item.returned_at = NOW
    assert item.state is ItemState.RETURNED
    item.cancelled_at = NOW
    assert item.state is ItemState.CANCELLED


def test_inspection_completes_only_when_every_live_item_is_inspected() -> None:
    order = _order()
    first, second = _item(order), _item(order)
    assert not order.every_live_item_inspected()
    first.current_result = OK
    assert not order.inspection_just_completed()
    second.cancelled_at = NOW  # a cancelled item is no longer waited for
    assert order.inspection_just_completed()
    order.inspection_completed_at = NOW
    assert not order.inspection_just_completed()  # announced once


def test_an_order_without_live_items_is_never_complete() -> None:
    order = _order()
    _item(order, cancelled_at=NOW)
    assert not order.every_live_item_inspected()
    assert order.stage is OrderStage.AWAITING_ITEMS


def test_packing_is_refused_until_inspected_and_while_a_case_is_open() -> None:
    order = _order()
    item = _item(order)
    with pytest.raises(Conflict, match="not inspected"):
        order.ensure_can_pack()
    item.current_result = PROBLEM
    item.open_case_id = uuid4()
    with pytest.raises(Conflict, match="exchange/return still open"):
        order.ensure_can_pack()
    item.open_case_id = None
    order.ensure_can_pack()
    order.cancelled_at = NOW
    with pytest.raises(Conflict, match="cancelled") as refused:
        order.ensure_can_pack()
    assert refused.value.code == "order_cancelled"


def test_dispatch_needs_packing_the_paid_second_billing_and_one_number_per_parcel() -> None:
    order = _order()
    with pytest.raises(Conflict, match="not packed"):
        order.ensure_can_dispatch(1, 0)
    order.packed_at = NOW
    with pytest.raises(Conflict, match="2nd billing is not paid") as unpaid:
        order.ensure_can_dispatch(1, 1)
    assert unpaid.value.status == 409
    order.second_billing_paid_at = NOW
    with pytest.raises(Conflict, match="one tracking number per parcel"):
        order.ensure_can_dispatch(1, 2)
    order.ensure_can_dispatch(2, 2)
    order.cancelled_at = NOW
    with pytest.raises(Conflict, match="cancelled"):
        order.ensure_can_dispatch(2, 2)


def _case() -> Case:
    return Case(
        uuid4(), uuid4(), uuid4(), CaseKind.EXCHANGE, "wrong colour", CaseState.NEGOTIATING, NOW
    )


def test_a_case_moves_from_negotiation_to_resolution() -> None:
    case = _case()
    with pytest.raises(Conflict, match="record the seller's response first"):
        case.resolve(CaseOutcome.EXCHANGED, Money.cny(0), NOW)
    case.record_seller_response(True, "will send a new one", NOW)
    assert case.state is CaseState.SELLER_ACCEPTED
    with pytest.raises(Conflict, match="already recorded"):
        case.record_seller_response(False, "", NOW)
    with pytest.raises(Conflict, match="must be one of"):
        case.resolve(CaseOutcome.REFUSED, Money.cny(0), NOW)
    case.resolve(CaseOutcome.EXCHANGED, Money.cny(1200), NOW)
    assert (case.state, case.outcome, case.local_shipping_cost) == (
        CaseState.RESOLVED,
        CaseOutcome.EXCHANGED,
        Money.cny(1200),
    )
    with pytest.raises(Conflict, match="already resolved"):
        case.resolve(CaseOutcome.EXCHANGED, Money.cny(0), NOW)


def test_a_refused_case_can_only_end_refused_and_costs_are_not_negative() -> None:
    case = _case()
    case.record_seller_response(False, "no", NOW)
    with pytest.raises(Conflict):
        case.resolve(CaseOutcome.RETURNED, Money.cny(0), NOW)
    with pytest.raises(InvalidInput, match="negative"):
        case.resolve(CaseOutcome.REFUSED, Money.cny(-1), NOW)
    case.resolve(CaseOutcome.REFUSED, Money.cny(0), NOW)
    assert case.outcome is CaseOutcome.REFUSED


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", JPEG),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", PNG),
        (b"GIF89a\x01\x00\x01\x00", GIF),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", WEBP),
        (b"%PDF-1.7\n", None),
        (b"<svg xmlns=", None),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
        (b"", None),
    ],
)
def test_images_are_recognised_by_their_first_bytes(head: bytes, kind: str | None) -> None:
    assert sniff_image(head) == kind
