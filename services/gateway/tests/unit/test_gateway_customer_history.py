"""The customer's view of the order history names no internal actor id; staff see it as is."""

from typing import Any

from daikou_gateway.domain.customer_history import actor_as_role, for_customer
from daikou_gateway.domain.order_page import compose

HISTORY: list[dict[str, Any]] = [
    {"at": "2026-12-03T01:00:00Z", "actor": "customer:c1", "what": "status", "reason": "placed"},
    {"at": "2026-12-03T02:00:00Z", "actor": "ops:7f0c", "what": "status", "reason": "estimated"},
    {
        "at": "2026-12-03T03:00:00Z",
        "actor": "payments:payments.billing_paid.v1",
        "what": "billing_mismatch",
        "reason": "paid 4184 of revision 1, revision 2 owes 5000",
    },
    {"at": "2026-12-03T04:00:00Z", "actor": "warehouse:w9", "what": "item", "reason": "arrived"},
    {"at": "2026-12-03T05:00:00Z", "actor": "scheduler", "what": "status", "reason": "auto"},
]
ORDER: dict[str, Any] = {"order_id": "o1", "status": "purchasing", "history": HISTORY}


def page(*, customer_view: bool) -> dict[str, Any]:
    return compose(
        "o1",
        order=ORDER,
        ongoing=[],
        billings=[],
        deposit={},
        warehouse={},
        conversation={},
        customer_view=customer_view,
    )


def test_actors_are_said_as_customer_staff_or_system() -> None:
    assert actor_as_role("customer:c1") == "customer"
    assert actor_as_role("ops:7f0c") == "staff"
    assert actor_as_role("warehouse:w9") == "staff"
    assert actor_as_role("payments:payments.billing_paid.v1") == "system"
    assert actor_as_role("scheduler") == "system"
    assert actor_as_role("") == "system"


def test_customer_view_has_no_internal_ids_or_reasons() -> None:
    history = page(customer_view=True)["progress"]["data"]["history"]
    assert [h["actor"] for h in history] == ["customer", "staff", "system", "staff", "system"]
    assert all(h["reason"] == "" for h in history)
    assert [h["what"] for h in history] == [h["what"] for h in HISTORY]
    text = repr(history)
    for secret in ("7f0c", "w9", "c1", "payments.billing_paid", "4184"):
        assert secret not in text


def test_staff_view_keeps_the_history_as_is() -> None:
    assert page(customer_view=False)["progress"]["data"]["history"] == HISTORY


def test_hostile_history_shapes_give_an_empty_or_filtered_list() -> None:
    assert for_customer(None) == []
    assert for_customer(["x", {"actor": "ops:1", "what": "status"}]) == [
        {"actor": "staff", "what": "status", "reason": ""}
    ]
