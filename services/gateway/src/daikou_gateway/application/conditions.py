"""Whether a purchase condition can still be honoured, judged from the order orders shows.

Orders is the authority on items: a condition that reaches it while the item is not bought yet
holds the item (even if the 1st billing was paid meanwhile); one for a bought item could never be
honoured, so it is refused here with a reason before anything is posted.
"""

from uuid import UUID

from daikou_contracts.json_types import JsonObject, objects
from daikou_kit.errors import Conflict, NotFound

CONDITION_ORDER_STATUSES = frozenset({"applied", "awaiting_first_payment", "purchasing"})
CONDITION_ITEM_STATUSES = frozenset({"pre_payment", "purchasing"})


def condition_possible(order: JsonObject, item_id: UUID) -> None:
    """A purchase condition is accepted only while it can hold the item; otherwise 409 with why."""
    items = objects(order.get("items"))
    item = next((i for i in items if i.get("item_id") == str(item_id)), None)
    if item is None:
        raise NotFound(f"no item {item_id} in this order")
    status, item_status = order.get("status"), item.get("status")
    if status not in CONDITION_ORDER_STATUSES or item_status not in CONDITION_ITEM_STATUSES:
        raise Conflict(
            f"too late for a purchase condition: the item is {item_status} and the order "
            f"{status}; a condition can only be set before the item is bought",
            code="condition_too_late",
        )
