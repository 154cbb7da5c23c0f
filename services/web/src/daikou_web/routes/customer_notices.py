"""The customer's notices (what we told them, newest first, unread ones marked), the unread badge
in the header, and the e-mail preferences page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from daikou_web import i18n, notice_labels
from daikou_web.errors import explain, field_errors
from daikou_web.gateway import GatewayError
from daikou_web.pages import gateway, redirect, render, session_of
from daikou_web.routes.deps import Customer

PAGE_SIZE = 20
ACCOUNT_FIELDS = ("email", "language", "current_password")

router = APIRouter()
preferences_router = APIRouter()
"""Which kinds of notice come by e-mail, and the account's address and language."""


@router.get("/notices")
async def notices(
    request: Request,
    session: Customer,
    page: int = Query(default=1, ge=1, le=5000),
) -> Response:
    listing = await gateway(
        request
    ).get(
        "/notices",
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
        language=i18n.language(),  # each notice said in the page's language, whatever it was mailed in
    )
    total = int(listing.get("total", 0))
    return render(
        request,
        "customer/notices.html",
        notices=[{**n, "label": notice_labels.kind(n["kind"])} for n in listing["notices"]],
        unread=int(listing.get("unread", 0)),
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        total=total,
    )


@router.post("/notices/read-all")
async def read_all(request: Request, session: Customer) -> Response:
    await gateway(request).post("/notices/read-all")
    return redirect("/notices", request)


@router.post("/notices/{notice_id:uuid}/read")
async def read_one(request: Request, session: Customer, notice_id: UUID) -> Response:
    notice = await gateway(request).post(f"/notices/{notice_id}/read")
    if request.query_params.get("open") and notice.get("order_id"):
        return redirect(f"/orders/{notice['order_id']}", request)
    return redirect("/notices", request)


@router.get("/notices/badge")
async def badge(request: Request) -> Response:
    """The header's link with the unread count (an htmx fragment; empty when unknown)."""
    session = session_of(request)
    if not session.signed_in or session.is_staff:
        return HTMLResponse("")
    try:
        unread = int((await gateway(request).get("/notices/unread-count"))["unread"])
    except GatewayError:
        unread = 0  # the badge never breaks a page
    return render(request, "customer/_notices_badge.html", unread=unread)


async def _preferences_page(
    request: Request,
    errors: dict[str, str] | None = None,
    status: int = 200,
    form: dict[str, str] | None = None,
) -> Response:
    """The preferences page, with the errors of a form that was refused."""
    api = gateway(request)
    prefs = await api.get("/notices/preferences")
    kinds = [{**k, "label": notice_labels.kind(k["kind"])} for k in prefs["kinds"]]
    return render(
        request,
        "customer/preferences.html",
        status_code=status,
        kinds=kinds,
        account={**await api.get("/me"), **(form or {})},
        errors=errors or {},
        saved=request.query_params.get("saved") == "1",
    )


@preferences_router.get("/preferences")
async def preferences(request: Request, session: Customer) -> Response:
    return await _preferences_page(request)


@preferences_router.post("/preferences/email")
async def change(request: Request, session: Customer) -> Response:
    form = await request.form()
    prefs = await gateway(request).get("/notices/preferences")
    chosen = set(form.getlist("email"))
    wanted: dict[str, Any] = {
        k["kind"]: k["kind"] in chosen for k in prefs["kinds"] if not k["mandatory"]
    }
    try:
        await gateway(request).patch("/notices/preferences", {"email": wanted})
    except GatewayError as exc:
        if exc.status >= 500:
            raise
        return await _preferences_page(request, {"kinds": explain(exc)}, status=400)
    return redirect("/preferences?saved=1", request)


@preferences_router.post("/preferences/account")
async def change_account(request: Request, session: Customer) -> Response:
    """The e-mail address (with the current password) and the language of the mails."""
    form = {k: str(v) for k, v in (await request.form()).items() if k in ACCOUNT_FIELDS}
    current = await gateway(request).get("/me")
    changed: dict[str, str] = {}
    if form.get("language") in ("ja", "en") and form["language"] != current["language"]:
        changed["language"] = form["language"]
    email = form.get("email", "").strip()
    if email and email.lower() != current["email"]:
        changed["email"] = email
        changed["current_password"] = form.get("current_password", "")
    if changed:
        try:
            await gateway(request).patch("/me", changed)
        except GatewayError as exc:
            if exc.status >= 500 or (exc.status == 401 and exc.code != "wrong_password"):
                raise
            errors = field_errors(exc, {"wrong_password": "current_password"})
            form.pop("current_password", None)
            return await _preferences_page(request, errors, status=400, form=form)
    return redirect("/preferences?saved=1", request)
