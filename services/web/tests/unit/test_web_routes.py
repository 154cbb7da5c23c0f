"""The areas' module-level routers: every one is wired, and every page asks for its role."""

from __future__ import annotations

import importlib
import pkgutil
import re

from fastapi import APIRouter
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from web_support import StandInGateway, csrf_of, sign_in

from daikou_web import routes
from daikou_web.wiring import ROUTERS

PUBLIC = {
    "GET /",
    "GET /sign-in",
    "GET /sign-up",
    "GET /shipping/quote",
    "GET /notices/badge",
    "POST /sign-in",
    "POST /sign-up",
    "POST /sign-out",
    "POST /language",
}
SOME_ID = "0b7e4c1e-1111-4a4a-9c9c-000000000001"


def _endpoints() -> list[tuple[str, str]]:
    """Every (method, path) of the wired routers, its parameters filled with an id."""
    return [
        (method, re.sub(r"\{[^}]+\}", SOME_ID, route.path))
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in sorted(route.methods)
        if f"{method} {route.path}" not in PUBLIC
    ]


def _refused(client: TestClient, method: str, path: str, token: str) -> bool:
    """Whether the site sends this request to sign-in instead of answering it."""
    data = {"csrf_token": token} if method == "POST" else None
    answer = client.request(method, path, data=data, follow_redirects=False)
    return answer.status_code == 303 and answer.headers["location"].startswith("/sign-in?next=")


def test_every_router_of_every_area_module_is_wired() -> None:
    found = [
        value
        for info in pkgutil.iter_modules(routes.__path__)
        for value in vars(importlib.import_module(f"{routes.__name__}.{info.name}")).values()
        if isinstance(value, APIRouter)
    ]
    assert len(found) == len(ROUTERS) == 21
    assert all(any(router is wired for wired in ROUTERS) for router in found)


def test_anyone_not_signed_in_is_sent_to_sign_in_from_every_page_but_the_public_ones(
    client: TestClient,
) -> None:
    token = csrf_of(client, "/")
    endpoints = _endpoints()
    assert len(endpoints) > 70
    answered = [f"{m} {p}" for m, p in endpoints if not _refused(client, m, p, token)]
    assert answered == []


def test_customers_are_sent_to_sign_in_from_every_staff_page(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in, role="customer")
    token = csrf_of(client, "/")
    staff = [(m, p) for m, p in _endpoints() if p.startswith(("/staff", "/ops/"))]
    assert len(staff) > 40
    answered = [f"{m} {p}" for m, p in staff if not _refused(client, m, p, token)]
    assert answered == []


def test_staff_are_sent_to_sign_in_from_customer_pages_and_warehouse_from_ops_pages(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in, role="warehouse")
    token = csrf_of(client, "/")
    refused = {f"{m} {p}" for m, p in _endpoints() if _refused(client, m, p, token)}
    ops_only = {f"{m} {p}" for m, p in _endpoints() if p.startswith(("/staff/ops", "/ops/"))}
    customers = {f"{m} {p}" for m, p in _endpoints() if not p.startswith(("/staff", "/ops/"))}
    assert ops_only | (customers - {f"GET /attachments/{SOME_ID}"}) <= refused
    assert not any(e.startswith(("GET /staff/warehouse", "POST /staff/warehouse")) for e in refused)
    assert f"GET /staff/orders/{SOME_ID}" not in refused
