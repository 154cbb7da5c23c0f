"""Item rules: quantities, cancellation, purchase conditions, purchasing, warehouse facts."""

from datetime import timedelta
from uuid import uuid4

import pytest
from orders_builders import T0, bought, estimated, first_id, paid, placed

from daikou_contracts.catalogue.common import OrderStatus
from daikou_kit.errors import Conflict, InvalidInput, NotFound
from daikou_orders.domain import item_rules, lifecycle
from daikou_orders.domain.model import ItemStatus

AT = T0 + timedelta(hours=2)


def test_a_pre_payment_quantity_change_is_recorded() -> None:
    order = estimated()
    assert item_rules.change_quantity(order, first_id(order), 5, at=AT, actor="customer:x") == 2
    assert order.items[0].quantity == 5
    assert order.history[-1].reason == "quantity 2 -> 5"


@pytest.mark.parametrize("quantity", [0, -1, 10_000])
def test_an_out_of_range_quantity_is_refused(quantity: int) -> None:
    order = estimated()
    with pytest.raises(InvalidInput):
        item_rules.change_quantity(order, first_id(order), quantity, at=AT, actor="c")
    assert order.items[0].quantity == 2


def test_the_same_quantity_is_refused() -> None:
    order = estimated()
    with pytest.raises(Conflict, match="already 2"):
        item_rules.change_quantity(order, first_id(order), 2, at=AT, actor="c")


def test_an_unknown_item_is_not_found() -> None:
    with pytest.raises(NotFound):
        item_rules.change_quantity(estimated(), uuid4(), 3, at=AT, actor="c")


def test_quantity_and_item_cancel_are_refused_after_payment() -> None:
    order = paid()
    with pytest.raises(Conflict) as err:
        item_rules.change_quantity(order, first_id(order), 3, at=AT, actor="c")
    assert err.value.code == "not_before_payment"
    with pytest.raises(Conflict, match="before the 1st billing is paid"):
        item_rules.cancel_item_before_payment(order, first_id(order), at=AT, actor="c", reason="r")
    assert order.items[0].quantity == 2
    assert order.items[0].status is ItemStatus.PURCHASING


def test_a_cancelled_item_cannot_change_again() -> None:
    order = estimated()
    item_rules.cancel_item_before_payment(order, first_id(order), at=AT, actor="c", reason="r")
    assert order.items[0].status is ItemStatus.CANCELLED
    assert len(order.live_items) == 1
    with pytest.raises(Conflict, match="item is cancelled"):
        item_rules.change_quantity(order, first_id(order), 3, at=AT, actor="c")


def test_a_purchase_condition_holds_an_item_until_it_is_bought() -> None:
    order = placed()
    item = item_rules.set_condition(order, first_id(order), "Is it cotton?", at=AT, actor="c")
    assert item.held
    just_paid = paid()  # right after the 1st billing is paid: still honoured
    assert item_rules.set_condition(
        just_paid, first_id(just_paid), "Cotton?", at=AT, actor="c"
    ).held
    with pytest.raises(Conflict) as err:
        item_rules.mark_purchased(just_paid, first_id(just_paid), at=AT, actor="ops")
    assert err.value.code == "item_held"
    late = bought()
    with pytest.raises(Conflict) as err:
        item_rules.set_condition(late, first_id(late), "Too late?", at=AT, actor="c")
    assert err.value.code == "condition_too_late"
    assert late.items[0].condition is None
    blank = placed()
    with pytest.raises(InvalidInput):
        item_rules.set_condition(blank, first_id(blank), "   ", at=AT, actor="c")


def test_a_held_item_is_not_bought_until_answered() -> None:
    order = estimated()
    item_rules.set_condition(order, first_id(order), "Is it cotton?", at=AT, actor="c")
    lifecycle.start_purchasing(order, at=AT, actor="payments")
    with pytest.raises(Conflict) as err:
        item_rules.mark_purchased(order, first_id(order), at=AT, actor="ops")
    assert err.value.code == "item_held"
    item_rules.answer_condition(order, first_id(order), "100% cotton", True, at=AT, actor="ops")
    item_rules.mark_purchased(order, first_id(order), at=AT, actor="ops")
    assert order.items[0].status is ItemStatus.PURCHASED
    with pytest.raises(Conflict, match="no purchase condition"):
        item_rules.answer_condition(order, first_id(order), "again", True, at=AT, actor="ops")


def test_purchasing_is_refused_before_payment_and_twice() -> None:
    unpaid = estimated()
    with pytest.raises(Conflict) as err:
        item_rules.mark_purchased(unpaid, first_id(unpaid), at=AT, actor="ops")
    assert err.value.code == "not_purchasing"
    order = bought()
    with pytest.raises(Conflict, match="item is purchased"):
        item_rules.mark_purchased(order, first_id(order), at=AT, actor="ops")
    with pytest.raises(Conflict):
        item_rules.mark_out_of_stock(order, first_id(order), at=AT, actor="ops", note="")


def test_out_of_stock_ends_the_item() -> None:
    order = paid()
    item = item_rules.mark_out_of_stock(order, first_id(order), at=AT, actor="ops", note="sold out")
    assert item.status is ItemStatus.OUT_OF_STOCK
    assert not item.live
    assert order.history[-1].reason == "sold out"


def test_staff_cancel_a_paid_item_only_while_it_waits_to_be_bought() -> None:
    order = paid()
    item_rules.cancel_item_after_payment(order, first_id(order), at=AT, actor="ops", reason="r")
    assert order.items[0].status is ItemStatus.CANCELLED
    done = bought()
    with pytest.raises(Conflict):
        item_rules.cancel_item_after_payment(done, first_id(done), at=AT, actor="ops", reason="r")


def test_warehouse_item_facts_move_forward_and_ignore_late_ones() -> None:
    order = bought()
    item_id = first_id(order)
    assert item_rules.warehouse_item_fact(
        order, item_id, ItemStatus.INSPECTED, at=AT, actor="w", reason="ok"
    )
    assert not item_rules.warehouse_item_fact(
        order, item_id, ItemStatus.ARRIVED, at=AT, actor="w", reason="late"
    )
    assert not item_rules.warehouse_item_fact(
        order, item_id, ItemStatus.INSPECTED, at=AT, actor="w", reason="dup"
    )
    assert item_rules.warehouse_item_fact(
        order, item_id, ItemStatus.EXCHANGE_RETURN, at=AT, actor="w", reason="x"
    )
    assert item_rules.resolve_case(order, item_id, "exchanged", at=AT, actor="w")
    assert order.items[0].status is ItemStatus.PURCHASED
    assert item_rules.warehouse_item_fact(
        order, item_id, ItemStatus.ARRIVED, at=AT, actor="w", reason="again"
    )
    assert not item_rules.resolve_case(order, item_id, "returned", at=AT, actor="w")


def test_a_returned_item_is_cancelled_and_a_refused_case_stays_a_problem() -> None:
    order = bought(items=2)
    a, b = (i.item_id for i in order.items)
    for item_id in (a, b):
        item_rules.warehouse_item_fact(
            order, item_id, ItemStatus.EXCHANGE_RETURN, at=AT, actor="w", reason="x"
        )
    item_rules.resolve_case(order, a, "returned", at=AT, actor="w")
    item_rules.resolve_case(order, b, "refused", at=AT, actor="w")
    assert [i.status for i in order.items] == [ItemStatus.CANCELLED, ItemStatus.PROBLEM]


def test_warehouse_facts_about_dead_items_or_finished_orders_change_nothing() -> None:
    order = paid()
    item_rules.mark_out_of_stock(order, first_id(order), at=AT, actor="ops", note="")
    assert not item_rules.warehouse_item_fact(
        order, first_id(order), ItemStatus.ARRIVED, at=AT, actor="w", reason="r"
    )
    assert not item_rules.warehouse_item_fact(
        order, uuid4(), ItemStatus.ARRIVED, at=AT, actor="w", reason="r"
    )
    cancelled = estimated()
    lifecycle.cancel(cancelled, at=AT, actor="c", reason="customer", note="", by_customer=True)
    assert cancelled.status is OrderStatus.CANCELLED
    assert not item_rules.warehouse_item_fact(
        cancelled, first_id(cancelled), ItemStatus.ARRIVED, at=AT, actor="w", reason="r"
    )


def test_an_empty_answer_is_refused() -> None:
    order = estimated()
    item_rules.set_condition(order, first_id(order), "Is it cotton?", at=AT, actor="c")
    with pytest.raises(InvalidInput):
        item_rules.answer_condition(order, first_id(order), "  ", True, at=AT, actor="ops")
    assert order.items[0].held


def test_an_inspection_older_than_the_open_case_does_not_undo_it() -> None:
    order = bought()
    item_id = first_id(order)
    inspected, opened = AT, AT + timedelta(minutes=5)
    assert item_rules.warehouse_item_fact(
        order, item_id, ItemStatus.EXCHANGE_RETURN, at=AT, actor="w", reason="x", fact_at=opened
    )
    for late in (ItemStatus.INSPECTED, ItemStatus.PROBLEM, ItemStatus.ARRIVED):
        assert not item_rules.warehouse_item_fact(
            order, item_id, late, at=AT, actor="w", reason="late", fact_at=inspected
        )
    assert order.items[0].status is ItemStatus.EXCHANGE_RETURN
    # the replacement's inspection, after the case opened, is a re-inspection
    assert item_rules.warehouse_item_fact(
        order,
        item_id,
        ItemStatus.INSPECTED,
        at=AT,
        actor="w",
        reason="replacement",
        fact_at=opened + timedelta(days=3),
    )
    assert order.items[0].status is ItemStatus.INSPECTED
    assert order.items[0].fact_at == opened + timedelta(days=3)


def test_a_re_inspection_at_the_same_moment_as_the_case_is_not_a_step_back() -> None:
    order = bought()
    item_id = first_id(order)
    item_rules.warehouse_item_fact(
        order, item_id, ItemStatus.EXCHANGE_RETURN, at=AT, actor="w", reason="x", fact_at=AT
    )
    assert not item_rules.warehouse_item_fact(
        order, item_id, ItemStatus.PROBLEM, at=AT, actor="w", reason="same tx", fact_at=AT
    )


def test_a_case_resolution_older_than_the_status_is_ignored() -> None:
    order = bought()
    item_id = first_id(order)
    later = AT + timedelta(hours=1)
    item_rules.warehouse_item_fact(
        order, item_id, ItemStatus.EXCHANGE_RETURN, at=AT, actor="w", reason="x", fact_at=later
    )
    assert not item_rules.resolve_case(order, item_id, "returned", at=AT, actor="w", fact_at=AT)
    assert item_rules.resolve_case(
        order, item_id, "returned", at=AT, actor="w", fact_at=later + timedelta(days=1)
    )
    assert order.items[0].status is ItemStatus.CANCELLED
