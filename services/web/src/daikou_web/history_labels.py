"""The order's history and money statement said in the customer's terms: what happened, by whom
("you", "our staff", "automatically"), never an internal id or code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from daikou_web import labels
from daikou_web.i18n import gettext as _


def _item(entry: dict[str, Any]) -> str:
    return _("An item is now: %(state)s.", state=labels.item_status(str(entry.get("to_status"))))


def _status(entry: dict[str, Any]) -> str:
    if entry.get("to_status") == "applied" and not entry.get("from_status"):
        return _("The order was placed.")
    return _("The order is now: %(status)s.", status=labels.order_status(str(entry["to_status"])))


HISTORY: dict[str, Callable[[dict[str, Any]], str]] = {
    "status": _status,
    "item": _item,
    "quantity": lambda e: _("The quantity of an item was changed."),
    "purchase_condition": lambda e: _("A condition to confirm before purchasing was sent."),
    "purchase_condition_answered": lambda e: _("The seller's answer to the condition arrived."),
    "purchase_condition_refused": lambda e: _("The condition could not be accepted at this stage."),
    "estimate_corrected": lambda e: _("The estimate was corrected; the 1st billing was reissued."),
    "earlier_revision_paid": lambda e: _(
        "A payment arrived for an earlier version of the billing; we are settling the difference."
    ),
    "billing_mismatch": lambda e: _(
        "The amount paid did not match the billing; our staff are checking it."
    ),
    "payment_deadline_held": lambda e: _(
        "Your bank transfer report was received; the payment deadline is on hold."
    ),
    "payment_deadline_extended": lambda e: _("The payment deadline was extended."),
}


def history_entry(entry: dict[str, Any]) -> str:
    """What happened, as a sentence (an unknown code gets a neutral sentence, never the code)."""
    say = HISTORY.get(str(entry.get("what", "")))
    if say is None:
        return _("The order was updated.")
    return say(entry)


def history_actor(actor: str) -> str:
    """Who acted: the gateway says `customer`, `staff` or `system` to customers."""
    role = actor.split(":", maxsplit=1)[0]
    if role == "customer":
        return _("you")
    if role in {"staff", "ops", "warehouse", "admin"}:
        return _("our staff")
    return _("automatically")


def statement_line(kind: str) -> str:
    """A line of the money statement, by its kind."""
    names = {
        "billed": _("Billed"),
        "voided": _("Billing cancelled"),
        "paid_deposit": _("Paid from your deposit"),
        "paid_transfer": _("Paid by bank transfer"),
        "paid_card": _("Paid by card"),
        "card_fee": _("Card fee"),
        "paid_card_fee": _("Card fee paid"),
        "refund": _("Refund"),
        "not_billed": _("Not billed"),
        "received": _("Received"),
        "credited": _("Credited to your deposit"),
        "charge": _("Additional charge"),
    }
    return names.get(kind, _("Other"))


def statement_total(key: str) -> str:
    """A total of the money statement."""
    names = {
        "billed": _("Billed in total"),
        "paid": _("Paid in total"),
        "card_fees": _("Card fees"),
        "refunded": _("Refunded"),
        "credited_to_deposit": _("Credited to your deposit"),
    }
    return names.get(key, _("Other"))


def billing_kind(kind: str) -> str:
    """Which billing."""
    return {"first": _("1st billing"), "second": _("2nd billing")}.get(
        kind, _("Additional billing")
    )
