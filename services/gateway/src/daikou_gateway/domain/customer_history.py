"""The order's history as its customer sees it: who acted said as a role, never an internal id.

Orders records who acted as `customer:<id>`, `ops:<id>`, `warehouse:<id>`, or the producer of the
message that caused the change (`payments:payments.billing_paid.v1`, `scheduler`, `system`, ...).
The customer's view says only `customer` (the customer), `staff` (our staff) or `system`
(automatically), and drops the free-text reason, which is written for staff. Staff see it as is.
"""

from __future__ import annotations

from typing import Literal

from daikou_contracts.json_types import JsonArray, JsonValue, objects

Said = Literal["customer", "staff", "system"]
STAFF_ROLES = frozenset({"ops", "warehouse", "admin", "staff"})


def actor_as_role(actor: str) -> Said:
    """`customer:<id>` → customer, a staff role → staff, anything else → system."""
    role = actor.split(":", maxsplit=1)[0].strip().lower()
    if role == "customer":
        return "customer"
    if role in STAFF_ROLES:
        return "staff"
    return "system"


def for_customer(entries: JsonValue) -> JsonArray:
    """The history entries with the actor as a role and no staff-only reason."""
    shown: JsonArray = [
        {**entry, "actor": actor_as_role(str(entry.get("actor", ""))), "reason": ""}
        for entry in objects(entries)
    ]
    return shown
