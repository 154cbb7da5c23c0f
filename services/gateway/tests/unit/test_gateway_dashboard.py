"""The dashboard's figures: counts added up across services; live events matched to an order."""

from datetime import UTC, datetime
from uuid import uuid4

from daikou_gateway.domain.dashboard import TypeCount, about_order, sum_counts

EARLY = datetime(2026, 1, 5, 1, tzinfo=UTC)
LATE = datetime(2026, 1, 5, 2, tzinfo=UTC)


def test_counts_of_one_type_from_several_services_add_up_busiest_first() -> None:
    orders = [TypeCount("orders.order_placed", 3, EARLY), TypeCount("scheduler.x", 1, EARLY)]
    payments = [TypeCount("payments.billing_paid", 5, LATE), TypeCount("scheduler.x", 1, LATE)]
    total = sum_counts([orders, payments, []])
    assert [(c.message_type, c.count) for c in total] == [
        ("payments.billing_paid", 5),
        ("orders.order_placed", 3),
        ("scheduler.x", 2),
    ]
    assert total[2].last_at == LATE


def test_nothing_counted_is_an_empty_list() -> None:
    assert sum_counts([]) == []


def test_an_event_is_about_an_order_by_payload_or_flow() -> None:
    order = uuid4()
    by_payload = {"envelope": {"payload": {"order_id": str(order)}, "correlation_id": "x"}}
    by_flow = {"envelope": {"payload": {}, "correlation_id": str(order)}}
    other = {"envelope": {"payload": {"order_id": str(uuid4())}, "correlation_id": "y"}}
    assert about_order(by_payload, order)
    assert about_order(by_flow, order)
    assert not about_order(other, order)
    assert not about_order({"envelope": "garbage"}, order)
    assert not about_order({}, order)
