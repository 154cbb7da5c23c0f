"""The order details page: seven parts composed from the services' answers, degrading per part."""

from typing import Any

from daikou_gateway.domain.order_page import PARTS, Unavailable, compose, progress_steps

ORDER: dict[str, Any] = {
    "order_id": "o1",
    "order_number": "DK-20260105-AAAAAA",
    "customer_id": "c1",
    "status": "awaiting_first_payment",
    "action_required": "pay_first_billing",
    "address": {"name": "Hanako", "city": "Tokyo"},
    "shipping_preference": "EMS",
    "items": [
        {"item_id": "i1", "status": "pre_payment", "quantity": 2},
        {"item_id": "i2", "status": "pre_payment", "quantity": 1},
    ],
}
WAREHOUSE: dict[str, Any] = {
    "stage": "shipped",
    "inspections": [
        {"item_id": "i1", "photo_ids": ["p0"], "current": False},
        {"item_id": "i1", "photo_ids": ["p1", "p2"], "current": True},
        {"item_id": "i2", "photo_ids": ["p3"], "current": True},
    ],
    "packing": {"method": "ems", "parcels": [{"weight_g": 1200}]},
    "shipment": {"carrier": "EMS", "tracking_numbers": ["EJ123JP"]},
}
CONVERSATION: dict[str, Any] = {
    "window": {"open": True, "closes_at": None},
    "unread_count": 1,
    "threads": [
        {
            "thread_id": "t2",
            "messages": [{"title": "problem", "posted_at": "2026-01-07T00:00:00Z"}],
        },
        {"thread_id": "t1", "messages": [{"title": "hello", "posted_at": "2026-01-06T00:00:00Z"}]},
    ],
}
BILLINGS = [
    {"kind": "first", "total": {"amount": 5000}},
    {"kind": "second", "total": {"amount": 2000}},
]


def page(**overrides: Any) -> dict[str, Any]:
    sources: dict[str, Any] = {
        "order": ORDER,
        "ongoing": {
            "orders": [{"order_id": "o1", "status": "awaiting_first_payment"}, {"order_id": "o2"}]
        },
        "billings": {"billings": BILLINGS},
        "deposit": {"balance": {"amount": 300, "currency": "JPY"}},
        "warehouse": WAREHOUSE,
        "conversation": CONVERSATION,
    }
    sources.update(overrides)
    return compose("o1", **sources)


def test_every_part_is_there_when_every_service_answers() -> None:
    result = page()
    assert all(result[p]["available"] for p in PARTS)
    assert [t["current"] for t in result["tabs"]["data"]] == [True, False]
    assert result["progress"]["data"]["action_required"] == "pay_first_billing"
    assert result["progress"]["data"]["can_cancel"] is True
    assert result["basic_info"]["data"]["shipping_preference"] == "EMS"
    assert result["billing"]["data"]["first"]["total"]["amount"] == 5000
    assert result["billing"]["data"]["second"]["total"]["amount"] == 2000
    assert result["billing"]["data"]["deposit"]["amount"] == 300
    assert [i["photos"] for i in result["items"]["data"]["items"]] == [["p1", "p2"], ["p3"]]
    assert result["shipping"]["data"]["tracking_numbers"] == ["EJ123JP"]
    assert result["shipping"]["data"]["parcels"] == [{"weight_g": 1200}]
    assert [m["title"] for m in result["messages"]["data"]["messages"]] == ["hello", "problem"]
    assert result["messages"]["data"]["window"]["open"] is True


def test_a_service_down_makes_only_its_parts_unavailable() -> None:
    down = Unavailable("payments", "the payments service is unavailable (ConnectError)")
    result = page(billings=down, deposit=down)
    assert result["billing"] == {
        "available": False,
        "unavailable_reason": "the payments service is unavailable (ConnectError)",
        "data": None,
    }
    assert all(result[p]["available"] for p in PARTS if p != "billing")


def test_warehouse_down_keeps_items_without_photos() -> None:
    result = page(warehouse=Unavailable("warehouse", "down"))
    assert result["shipping"] == {"available": False, "unavailable_reason": "down", "data": None}
    assert result["items"]["available"] is True
    assert result["items"]["data"]["photos_available"] is False
    assert all(i["photos"] == [] for i in result["items"]["data"]["items"])


def test_orders_down_leaves_payments_and_messages() -> None:
    down = Unavailable("orders", "the orders service is unavailable")
    result = page(order=down, ongoing=down)
    unavailable = {p for p in PARTS if not result[p]["available"]}
    assert unavailable == {"tabs", "progress", "basic_info", "items"}


def test_tracking_numbers_come_from_orders_when_the_warehouse_is_down() -> None:
    shipped = {**ORDER, "status": "shipped", "shipment": {"tracking_numbers": ["EJ9JP"]}}
    result = page(order=shipped, warehouse=Unavailable("warehouse", "down"))
    assert result["shipping"]["available"] is True
    assert result["shipping"]["data"]["tracking_numbers"] == ["EJ9JP"]
    assert result["shipping"]["data"]["source"] == "orders"


def test_nothing_heard_yet_is_an_empty_part_not_an_error() -> None:
    result = page(billings={}, warehouse={}, conversation={})
    assert result["billing"]["data"]["first"] is None
    assert result["shipping"]["data"]["tracking_numbers"] == []
    assert result["messages"]["data"]["messages"] == []


def test_progress_marks_done_current_and_todo() -> None:
    states = [s["state"] for s in progress_steps("purchasing")]
    assert states == ["done", "done", "current", "todo", "todo", "todo", "todo"]
    cancelled = progress_steps("cancelled")
    assert cancelled[-1] == {"status": "cancelled", "state": "current"}
    assert all(s["state"] == "todo" for s in cancelled[:-1])


def test_a_shipped_order_offers_the_reception_report_but_not_cancelling() -> None:
    result = page(order={**ORDER, "status": "shipped", "action_required": "report_reception"})
    progress = result["progress"]["data"]
    assert progress["can_report_reception"] is True
    assert progress["can_cancel"] is False
    assert progress["can_change_items"] is False


def test_the_estimate_shows_the_customer_a_held_deadline_and_the_grace_after() -> None:
    from daikou_gateway.entrypoints.schemas_orders import EstimateOut

    estimate = {
        "rate": {"base": "CNY", "quote": "JPY", "rate": "20", "rounding": "up"},
        "service_fee_rule": {
            "rate_bp": 500,
            "minimum": {"amount": 300, "currency": "JPY"},
            "fixed": None,
        },
        "lines": [],
        "total": {"amount": 5000, "currency": "JPY"},
        "billing_revision": 1,
        "estimated_at": "2026-01-05T09:00:00Z",
        "payment_due_at": "2026-01-13T15:00:00Z",
        "payment_deadline_held_since": "2026-01-11T09:00:00Z",
    }
    held = EstimateOut.model_validate(estimate).model_dump(mode="json")
    assert held["payment_deadline_held_since"] == "2026-01-11T09:00:00Z"
    assert held["payment_grace_until"] is None
    del estimate["payment_deadline_held_since"]
    plain = EstimateOut.model_validate(estimate).model_dump(mode="json")
    assert (plain["payment_deadline_held_since"], plain["payment_grace_until"]) == (None, None)
    grace = EstimateOut.model_validate({**estimate, "payment_grace_until": "2026-01-15T15:00:00Z"})
    assert grace.model_dump(mode="json")["payment_grace_until"] == "2026-01-15T15:00:00Z"


def test_additional_billings_are_listed_apart_and_never_taken_for_the_first_or_second() -> None:
    extra = [
        {"kind": "additional", "billing_id": "a1", "status": "paid"},
        {"kind": "additional", "billing_id": "a2", "status": "open"},
    ]
    result = page(billings={"billings": [*BILLINGS, *extra]})
    data = result["billing"]["data"]
    assert data["first"]["total"]["amount"] == 5000
    assert data["second"]["total"]["amount"] == 2000
    assert [b["billing_id"] for b in data["additional"]] == ["a1", "a2"]
    assert page()["billing"]["data"]["additional"] == []
