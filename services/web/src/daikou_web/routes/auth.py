"""Sign-up, sign-in and sign-out. Staff sign in here too: the account's role decides where they
land (customers on their orders, staff on their area's home page)."""

from __future__ import annotations

import contextlib
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from daikou_web import i18n
from daikou_web.errors import field_errors, shown_status
from daikou_web.gateway import GatewayError
from daikou_web.pages import gateway, redirect, render, session_of, set_session

HOME_OF_ROLE = {"customer": "/orders", "ops": "/staff", "warehouse": "/staff"}

router = APIRouter()


def safe_next(target: str | None, fallback: str) -> str:
    """Only a path on this site (no `//host`, no scheme)."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return fallback


@router.get("/sign-in")
async def sign_in_page(request: Request, next: str = "") -> Response:
    return render(request, "public/sign_in.html", next=next, email="", errors={})


@router.post("/sign-in")
async def sign_in(
    request: Request,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        answer = await gateway(request).post("/sessions", {"email": email, "password": password})
    except GatewayError as exc:
        errors = field_errors(exc, {exc.code: "password"} if exc.status == 401 else None)
        return render(
            request,
            "public/sign_in.html",
            status_code=shown_status(exc),
            next=next,
            email=email,
            errors=errors,
        )
    account = answer["account"]
    set_session(request, session_of(request).signed_in_as(answer["access_token"], account))
    return redirect(safe_next(next, HOME_OF_ROLE.get(account["role"], "/")), request)


@router.get("/sign-up")
async def sign_up_page(request: Request) -> Response:
    return render(request, "public/sign_up.html", form={}, errors={})


@router.post("/sign-up")
async def sign_up(
    request: Request,
    display_name: Annotated[str, Form(max_length=100)] = "",
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
) -> Response:
    api = gateway(request)
    form = {"display_name": display_name, "email": email}
    try:
        account = {"email": email, "password": password, "display_name": display_name}
        # the e-mails come in the language the customer signed up in (changeable later)
        await api.post("/accounts", {**account, "language": i18n.language()})
        answer = await api.post("/sessions", {"email": email, "password": password})
    except GatewayError as exc:
        errors = field_errors(exc)
        return render(
            request,
            "public/sign_up.html",
            status_code=shown_status(exc),
            form=form,
            errors=errors,
        )
    account = answer["account"]
    set_session(request, session_of(request).signed_in_as(answer["access_token"], account))
    return redirect("/orders", request)


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    session = session_of(request)
    if session.signed_in:
        with contextlib.suppress(GatewayError):  # an expired token is signed out already
            await gateway(request).request("DELETE", "/sessions/current")
    set_session(request, session.signed_out())
    return redirect("/", request)
