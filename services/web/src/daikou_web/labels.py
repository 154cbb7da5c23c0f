"""The API's codes (statuses, actions, item states) said in the page's language."""

from __future__ import annotations

from typing import Any

from daikou_web.i18n import gettext as _


def order_status(code: str) -> str:
    """An order's status."""
    names = {
        "applied": _("Applied — waiting for the estimate"),
        "awaiting_first_payment": _("Awaiting the 1st payment"),
        "purchasing": _("Purchasing"),
        "at_warehouse": _("At our warehouse"),
        "awaiting_second_payment": _("Awaiting the 2nd payment"),
        "shipped": _("Shipped"),
        "completed": _("Completed"),
        "cancelled": _("Cancelled"),
    }
    return names.get(code, code)


def action(code: str | None) -> str:
    """What the customer has to do next."""
    names = {
        "pay_first_billing": _("Pay the 1st billing"),
        "check_photos": _("Check the inspection photos"),
        "pay_second_billing": _("Pay the 2nd billing"),
        "report_reception": _("Report reception"),
    }
    return names.get(code or "", code or "")


def item_status(code: str) -> str:
    """An item's state."""
    names = {
        "pre_payment": _("Before payment"),
        "purchasing": _("Purchasing"),
        "purchased": _("Purchased"),
        "arrived": _("Arrived at the warehouse"),
        "inspected": _("Inspected"),
        "problem": _("Problem found"),
        "exchange_return": _("Exchange / return"),
        "cancelled": _("Cancelled"),
        "out_of_stock": _("Out of stock"),
    }
    return names.get(code, code)


def tab(code: str) -> str:
    """A tab of the order list."""
    names = {"ongoing": _("Ongoing"), "completed": _("Completed"), "cancelled": _("Cancelled")}
    return names.get(code, code)


def billing_status(code: str) -> str:
    """A billing's state."""
    names = {"open": _("Unpaid"), "paid": _("Paid"), "voided": _("Void")}
    return names.get(code, code)


def transfer_status(code: str) -> str:
    """A reported bank transfer's state."""
    names = {
        "reported": _("Reported, waiting for confirmation"),
        "confirmed": _("Confirmed"),
        "rejected": _("Rejected"),
    }
    return names.get(code, code)


def done(code: str) -> str:
    """The notice after an action succeeded."""
    names = {
        "quantity": _("The quantity was changed; the 1st billing was recalculated."),
        "item_cancelled": _("The item was cancelled; the 1st billing was recalculated."),
        "condition": _("Your condition was sent; we confirm it with the seller before buying."),
        "cancelled": _("The order was cancelled."),
        "photos_checked": _("Thank you: the photos are marked as checked."),
        "reception": _("Thank you for your reception report."),
        "paid": _("Thank you: your payment was received."),
        "transfer": _("Your transfer report was sent; we confirm it on business days."),
        "placed": _("Your order was placed. We will send you an estimate."),
    }
    return names.get(code, "")


def ledger_reason(code: str) -> str:
    """Why the deposit balance moved."""
    names = {
        "top_up": _("Top-up"),
        "payment": _("Payment"),
        "refund": _("Refund"),
        "overpayment": _("Overpayment"),
        "charge": _("Charge"),
        "adjustment": _("Adjustment"),
    }
    return names.get(code, code)


def billing_line(line: dict[str, Any]) -> str:
    """A billing line's description in the page's language (known codes; else the API's text)."""
    code = str(line.get("code", ""))
    description = str(line.get("description", ""))
    if code.startswith("domestic_shipping:"):
        title = description.split(": ", 1)[-1]
        return _("China domestic shipping: %(title)s", title=title)
    if code == "service_fee":
        return _("Service fee")
    if code == "international_shipping":
        detail = description[description.find("(") :] if "(" in description else ""
        return f"{_('International shipping')} {detail}".strip()
    return description


def card_status(code: str) -> str:
    """A card payment's state at PayPal."""
    names = {
        "created": _("Waiting for your approval at PayPal"),
        "approved": _("Approved"),
        "captured": _("Paid"),
        "failed": _("Failed"),
    }
    return names.get(code, code)


def shipping_method(code: str, label: str) -> str:
    """An international shipping method's name (known codes; else the API's label)."""
    names = {
        "ems": _("EMS"),
        "air": _("Air parcel"),
        "surface": _("Surface (sea) parcel"),
        "courier": _("Express courier"),
    }
    return names.get(code, label)


def refusal(quote: dict[str, Any]) -> str:
    """Why a method cannot carry the parcel (known refusal codes; else the API's reason)."""
    found = quote.get("refusal") or {}
    limit, actual = found.get("limit", 0), found.get("actual", 0)
    method = shipping_method(str(quote.get("method", "")), str(quote.get("label", "")))
    sentences = {
        "too_heavy": _(
            "%(method)s carries at most %(limit)s g; the parcel weighs %(actual)s g",
            method=method,
            limit=f"{limit:,}",
            actual=f"{actual:,}",
        ),
        "too_long": _(
            "%(method)s carries at most %(limit)s cm on the longest side; the parcel has %(actual)s cm",
            method=method,
            limit=limit,
            actual=actual,
        ),
        "too_large": _(
            "%(method)s carries at most %(limit)s cm length plus girth; the parcel has %(actual)s cm",
            method=method,
            limit=limit,
            actual=actual,
        ),
        "volumetric_too_heavy": _(
            "%(method)s carries at most %(limit)s g of volumetric weight",
            method=method,
            limit=f"{limit:,}",
        ),
        "no_destination": _("%(method)s does not ship to this destination", method=method),
    }
    return sentences.get(str(found.get("code", "")), str(quote.get("reason", "")))
