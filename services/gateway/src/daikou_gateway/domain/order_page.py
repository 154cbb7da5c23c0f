"""The order details page: seven parts composed from what each service answered, or why not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from daikou_contracts.catalogue.common import ORDER_PROGRESS
from daikou_contracts.json_types import JsonArray, JsonObject, JsonValue, as_array, objects
from daikou_gateway.domain.customer_history import for_customer

PROGRESS = tuple(status.value for status in ORDER_PROGRESS)
CANCELLABLE = frozenset({"applied", "awaiting_first_payment"})
CHANGEABLE = frozenset({"awaiting_first_payment"})
REPORTABLE = frozenset({"shipped"})
PARTS = ("tabs", "progress", "basic_info", "billing", "items", "shipping", "messages")
PART_SOURCES = {
    "order": "orders",
    "ongoing": "orders",
    "billings": "payments",
    "deposit": "payments",
    "warehouse": "warehouse",
    "conversation": "messaging",
}
"""What the page is made of: each service answer it needs, and the service (its source)."""
SOURCES = ("orders", "payments", "warehouse", "messaging")

Json = JsonObject
"""A part, or the whole page."""


@dataclass(frozen=True)
class Unavailable:
    """A service that did not answer, and why."""

    service: str
    reason: str


Fetched = JsonObject | JsonArray | Unavailable
"""What a service answered (an object or an array), or why it did not."""


def part(data: JsonValue) -> Json:
    """An available part."""
    return {"available": True, "unavailable_reason": None, "data": data}


def missing(*sources: Fetched) -> Json | None:
    """An unavailable part naming the first source that failed, or None when all answered."""
    for source in sources:
        if isinstance(source, Unavailable):
            return {"available": False, "unavailable_reason": source.reason, "data": None}
    return None


def progress_steps(status: str) -> JsonArray:
    """The progress bar: each status done, current or to come; a cancelled order shows where it stopped."""
    current = PROGRESS.index(status) if status in PROGRESS else -1
    steps: list[JsonValue] = [
        {"status": s, "state": "done" if i < current else "current" if i == current else "todo"}
        for i, s in enumerate(PROGRESS)
    ]
    if status == "cancelled":
        steps.append({"status": "cancelled", "state": "current"})
    return steps


def progress_part(order: Fetched, *, customer_view: bool = False) -> Json:
    """Part 2: progress and the customer's next action (the green button); the customer's view
    of the history names no internal actor (see `customer_history`)."""
    if gone := missing(order):
        return gone
    assert isinstance(order, dict)
    status = str(order.get("status", ""))
    history = order.get("history", order.get("status_history", []))
    return part(
        {
            "status": status,
            "steps": progress_steps(status),
            "action_required": order.get("action_required"),
            "can_cancel": status in CANCELLABLE,
            "can_change_items": status in CHANGEABLE,
            "can_report_reception": status in REPORTABLE,
            "history": for_customer(history) if customer_view else history,
        }
    )


def basic_info_part(order: Fetched) -> Json:
    """Part 3: order number, dates, delivery address and shipping preference."""
    if gone := missing(order):
        return gone
    assert isinstance(order, dict)
    keys = (
        "order_id",
        "order_number",
        "customer_id",
        "placed_at",
        "address",
        "completed_at",
        "completion_reason",
        "cancelled_at",
        "cancel_reason",
        "cancel_note",
    )
    data = {k: order[k] for k in keys if k in order}
    data["shipping_preference"] = order.get("shipping_preference")
    data["estimate"] = order.get("estimate")
    return part(data)


def tabs_part(ongoing: Fetched, current_id: str) -> Json:
    """Part 1: the customer's ongoing orders, the current one marked."""
    if gone := missing(ongoing):
        return gone
    rows = ongoing if isinstance(ongoing, list) else _rows(ongoing, "orders", "items")
    tabs: JsonArray = []
    for row in objects(rows):
        oid = str(row.get("order_id", row.get("id", "")))
        tabs.append(
            {
                "order_id": oid,
                "order_number": row.get("order_number"),
                "status": row.get("status"),
                "action_required": row.get("action_required"),
                "current": oid == current_id,
            }
        )
    return part(tabs)


def billing_part(billings: Fetched, deposit: Fetched) -> Json:
    """Part 4: the 1st and 2nd billing apart, the additional billings (costs after the 2nd
    billing was paid, oldest first), with the deposit balance when known."""
    if gone := missing(billings):
        return gone
    rows = billings if isinstance(billings, list) else _rows(billings, "billings")
    mapped = objects(rows)
    by_kind = {str(b.get("kind")): b for b in mapped}
    balance = None if isinstance(deposit, Unavailable) else _balance(deposit)
    return part(
        {
            "first": by_kind.get("first"),
            "second": by_kind.get("second"),
            "additional": [b for b in mapped if b.get("kind") == "additional"],
            "deposit": balance,
        }
    )


def _rows(body: Fetched, *keys: str) -> JsonArray:
    """The first list found under one of `keys`."""
    if isinstance(body, dict):
        for key in keys:
            if isinstance(found := body.get(key), list):
                return list(found)
    return []


def _balance(deposit: JsonObject | JsonArray) -> JsonValue:
    return deposit.get("balance") if isinstance(deposit, dict) else None


def items_part(order: Fetched, warehouse: Fetched) -> Json:
    """Part 5: items with status, quantity and unit price; inspection photos when the warehouse answered."""
    if gone := missing(order):
        return gone
    assert isinstance(order, dict)
    photos = {} if isinstance(warehouse, Unavailable) else photos_by_item(warehouse)
    items: JsonArray = []
    for item in objects(order.get("items", [])):
        entry = dict(item)
        entry["photos"] = photos.get(str(item.get("item_id", item.get("id"))), [])
        items.append(entry)
    return part({"items": items, "photos_available": not isinstance(warehouse, Unavailable)})


def photos_by_item(warehouse: JsonObject | JsonArray) -> dict[str, JsonArray]:
    """Photo ids per item from the warehouse's current inspections."""
    found: dict[str, JsonArray] = {}
    inspections = warehouse.get("inspections", []) if isinstance(warehouse, dict) else []
    for inspection in objects(inspections):
        if inspection.get("current") is False:
            continue
        item_id = str(inspection.get("item_id"))
        found.setdefault(item_id, []).extend(as_array(inspection.get("photo_ids", [])))
    return found


def shipping_part(warehouse: Fetched, order: Fetched) -> Json:
    """Part 6: parcels, carrier and tracking numbers (from orders when the warehouse is down)."""
    packing: JsonValue
    parcels: JsonValue
    if isinstance(warehouse, dict):
        packing = warehouse.get("packing")
        shipment = warehouse.get("shipment")
        parcels = packing.get("parcels", []) if isinstance(packing, dict) else []
        source = "warehouse"
    elif isinstance(order, dict) and isinstance(order.get("shipment"), dict):
        packing, shipment, parcels, source = None, order["shipment"], [], "orders"
    else:
        return missing(warehouse, order) or part(None)
    tracking = (
        list(as_array(shipment.get("tracking_numbers", []))) if isinstance(shipment, dict) else []
    )
    return part(
        {
            "stage": warehouse.get("stage") if isinstance(warehouse, dict) else None,
            "packing": packing,
            "parcels": parcels,
            "shipment": shipment,
            "tracking_numbers": tracking,
            "source": source,
        }
    )


def messages_part(conversation: Fetched) -> Json:
    """Part 7: the message history (every thread, oldest first) and whether the window is open."""
    if gone := missing(conversation):
        return gone
    threads = _rows(conversation, "threads")
    posted = sorted(
        (m for t in objects(threads) for m in objects(t.get("messages", []))),
        key=lambda m: str(m.get("posted_at", "")),
    )
    messages: JsonArray = list(posted)
    window = conversation.get("window") if isinstance(conversation, dict) else None
    unread = conversation.get("unread_count", 0) if isinstance(conversation, dict) else 0
    return part(
        {"messages": messages, "threads": threads, "window": window, "unread_count": unread}
    )


def by_source(answers: Mapping[str, Fetched]) -> dict[str, dict[str, Fetched]]:
    """The answers grouped by the service that gave them."""
    grouped: dict[str, dict[str, Fetched]] = {}
    for name, answer in answers.items():
        grouped.setdefault(PART_SOURCES[name], {})[name] = answer
    return grouped


def compose_answers(
    order_id: str, answers: Mapping[str, Fetched], *, customer_view: bool = False
) -> Json:
    """The whole page from every answer `PART_SOURCES` names."""
    return compose(
        order_id,
        order=answers["order"],
        ongoing=answers["ongoing"],
        billings=answers["billings"],
        deposit=answers["deposit"],
        warehouse=answers["warehouse"],
        conversation=answers["conversation"],
        customer_view=customer_view,
    )


def compose(
    order_id: str,
    *,
    order: Fetched,
    ongoing: Fetched,
    billings: Fetched,
    deposit: Fetched,
    warehouse: Fetched,
    conversation: Fetched,
    customer_view: bool = False,
) -> Json:
    """The whole page: seven parts, each available or saying why not."""
    return {
        "order_id": order_id,
        "tabs": tabs_part(ongoing, order_id),
        "progress": progress_part(order, customer_view=customer_view),
        "basic_info": basic_info_part(order),
        "billing": billing_part(billings, deposit),
        "items": items_part(order, warehouse),
        "shipping": shipping_part(warehouse, order),
        "messages": messages_part(conversation),
    }
