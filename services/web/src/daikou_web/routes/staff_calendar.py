"""Ops page of the business calendar: the service's own closed days, closing a day and reopening
one (payments owns the calendar; the change reaches every service's deadlines)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from daikou_web.errors import field_errors, shown_status
from daikou_web.gateway import GatewayError
from daikou_web.i18n import gettext as _
from daikou_web.pages import gateway, redirect
from daikou_web.routes.deps import Ops
from daikou_web.routes.staff_common import entry_errors, staff_render

PATH = "/staff/calendar/closed-days"

router = APIRouter(prefix="/staff/ops/calendar")


@router.get("")
async def closed_days(request: Request, session: Ops) -> Response:
    return await _page(request)


@router.post("/close")
async def close(
    request: Request,
    session: Ops,
    day: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    form = {"day": day, "reason": reason}
    errors = _close_errors(day, reason)
    if errors:
        return await _page(request, form=form, errors=errors, status_code=400)
    try:
        await gateway(request).request("PUT", f"{PATH}/{day}", json={"reason": reason.strip()})
    except GatewayError as exc:
        errors = field_errors(exc, {"past_day": "day", "configured_day": "day"})
        return await _page(request, form=form, errors=errors, status_code=shown_status(exc))
    return redirect("/staff/ops/calendar?done=closed", request)


@router.post("/{day}/reopen")
async def reopen(request: Request, session: Ops, day: date) -> Response:
    try:
        await gateway(request).request("DELETE", f"{PATH}/{day.isoformat()}")
    except GatewayError as exc:
        errors = entry_errors(day.isoformat(), exc)
        return await _page(request, entry=errors, status_code=shown_status(exc))
    return redirect("/staff/ops/calendar?done=reopened", request)


def _close_errors(day: str, reason: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        date.fromisoformat(day.strip())
    except ValueError:
        errors["day"] = _("Choose a day.")
    if not reason.strip():
        errors["reason"] = _("Say why the service is closed that day.")
    return errors


async def _page(
    request: Request,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    entry: dict[str, dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    found = await gateway(request).get(PATH)
    return staff_render(
        request,
        "staff/ops_calendar.html",
        status_code=status_code,
        closed_days=found.get("closed_days", []),
        form=form or {},
        errors=errors or {},
        entry_errors=entry or {},
        done=request.query_params.get("done", ""),
    )
