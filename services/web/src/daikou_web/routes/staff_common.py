"""What the staff pages share: reading work queues, amounts typed by staff, how long things wait,
and errors of one entry's form shown next to its fields."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from daikou_web.errors import field_errors
from daikou_web.gateway import GatewayError
from daikou_web.i18n import gettext as _
from daikou_web.pages import gateway, render

OPS_QUEUES = ("estimate", "purchase", "out_of_stock", "conditions", "dead_lettered")
WAREHOUSE_QUEUES = ("arrivals", "inspection", "cases", "packing", "dispatch")
LIMIT = 100


class BadAmount(ValueError):
    """An amount staff typed that is not a positive number with at most two decimals."""


def yuan_to_fen(text: str, *, allow_zero: bool = False) -> int:
    """`12.5` → 1250 (yuan typed with up to two decimals, in fen)."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise BadAmount(text) from None
    if not value.is_finite() or value < 0 or (value == 0 and not allow_zero) or value > 10**9:
        raise BadAmount(text)
    fen = value * 100
    if fen != fen.to_integral_value():
        raise BadAmount(text)
    return int(fen)


def whole_number(text: str, *, low: int = 1, high: int = 10**9) -> int:
    """A whole number in `[low, high]`, or ValueError."""
    value = int(text.strip())
    if not low <= value <= high:
        raise ValueError(text)
    return value


def amount_error() -> str:
    """The message for an amount that cannot be read."""
    return _("Enter an amount such as 12.50.")


def number_error() -> str:
    """The message for a count that cannot be read."""
    return _("Enter a whole number.")


def waited(since: Any, now: datetime | None = None) -> str:
    """How long something has waited: `45 min`, `5 h`, `3 days`."""
    if not since:
        return ""
    start = since if isinstance(since, datetime) else datetime.fromisoformat(str(since))
    if start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    minutes = max(0, int(((now or datetime.now(UTC)) - start).total_seconds() // 60))
    if minutes < 60:
        return _("%(n)s min", n=minutes)
    if minutes < 48 * 60:
        return _("%(n)s h", n=minutes // 60)
    return _("%(n)s days", n=minutes // (24 * 60))


async def queue(request: Request, name: str) -> list[dict[str, Any]]:
    """A work queue's entries, what waits longest first."""
    body = await gateway(request).get(f"/staff/queues/{name}", limit=LIMIT)
    return list(body.get("entries", []))


async def queue_sizes(request: Request, names: tuple[str, ...]) -> dict[str, int | None]:
    """How many entries each queue has (None for a queue that could not be read)."""

    async def size(name: str) -> int | None:
        try:
            return len(await queue(request, name))
        except GatewayError:
            return None

    sizes = await asyncio.gather(*(size(n) for n in names))
    return dict(zip(names, sizes, strict=True))


def entry_errors(key: str, exc: GatewayError) -> dict[str, dict[str, str]]:
    """The refusal shown next to the fields of one entry's form (`key` names the entry)."""
    return {key: field_errors(exc)}


def queue_title(name: str) -> str:
    """A work queue's name in the page's language."""
    titles = {
        "estimate": _("Orders to estimate"),
        "purchase": _("Items to purchase"),
        "out_of_stock": _("Out of stock"),
        "conditions": _("Purchase conditions to answer"),
        "dead_lettered": _("Orders needing attention: messages dead-lettered"),
        "transfers": _("Bank transfers to confirm"),
        "inbox": _("Message inbox"),
        "deposits": _("Deposit top-ups"),
        "arrivals": _("Arrivals expected"),
        "inspection": _("Items to inspect"),
        "cases": _("Exchange / return cases"),
        "packing": _("Orders to pack"),
        "dispatch": _("Orders to dispatch"),
    }
    return titles.get(name, name)


def case_summary(note: Any) -> str:
    """The warehouse's `kind: state — reason` of a case, its codes said in the page's language."""
    text = str(note or "")
    head, _sep, reason = text.partition(" — ")
    kind, _sep, state = head.partition(": ")
    kinds = {"exchange": _("Exchange"), "return": _("Return")}
    states = {
        "negotiating": _("negotiating with the seller"),
        "seller_accepted": _("the seller accepted"),
        "seller_refused": _("the seller refused"),
    }
    if kind not in kinds:
        return text
    return f"{kinds[kind]} ({states.get(state, state)}): {reason}"


def short_id(value: Any) -> str:
    """The first characters of an id, enough to tell entries apart on a page."""
    return str(value or "")[:8]


def staff_render(
    request: Request, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """`render` with the staff pages' helpers."""
    return render(
        request,
        template,
        status_code=status_code,
        waited=waited,
        queue_title=queue_title,
        short_id=short_id,
        case_summary=case_summary,
        **context,
    )
