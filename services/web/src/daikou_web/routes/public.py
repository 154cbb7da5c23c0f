"""Public pages: the top page (registration, sign-in, the shipping-fee calculator, the business
calendar, recent feedback) and the language switch."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from daikou_web import i18n
from daikou_web.gateway import GatewayError
from daikou_web.pages import gateway, redirect, render
from daikou_web.session import LANG_COOKIE

router = APIRouter()


def _months(today: date) -> list[tuple[int, int]]:
    following = (today.year + (today.month == 12), today.month % 12 + 1)
    return [(today.year, today.month), following]


async def _calendar(request: Request, year: int, month: int) -> Any:
    try:
        month_days: dict[str, Any] = await gateway(request).get(f"/calendar/{year}/{month}")
    except GatewayError:
        return None
    month_days["lead"] = date(year, month, 1).weekday()
    return month_days


@router.get("/")
async def top(request: Request) -> Response:
    api = gateway(request)
    today = datetime.now(i18n.JST).date()
    calendars = [await _calendar(request, y, m) for y, m in _months(today)]
    try:
        feedback = await api.get("/feedback/recent")
    except GatewayError:
        feedback = []
    try:
        methods = await api.get("/shipping/methods")
    except GatewayError:
        methods = []
    return render(
        request,
        "public/top.html",
        calendars=[c for c in calendars if c],
        feedback=feedback,
        methods=methods,
        quote_result=None,
        quote_error=None,
    )


@router.get("/shipping/quote")
async def shipping_quote(request: Request) -> Response:
    params = {k: v for k, v in request.query_params.items() if v}
    result: Any = None
    error: GatewayError | None = None
    try:
        result = await gateway(request).get("/shipping/quote", **params)
    except GatewayError as exc:
        error = exc
    return render(request, "public/_quote.html", quote_result=result, quote_error=error)


@router.post("/language")
async def switch_language(
    request: Request, lang: Annotated[str, Form()], next: Annotated[str, Form()] = "/"
) -> Response:
    chosen = lang if lang in i18n.LANGUAGES else "ja"
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    response = redirect(target)
    response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response
