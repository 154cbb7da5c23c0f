"""A stand-in gateway for the web client's unit tests: canned answers per `METHOD /path`, and a
record of every call the site made (with its Authorization header)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi.testclient import TestClient

from daikou_web.settings import WebSettings
from daikou_web.wiring import build

Answer = tuple[int, Any] | Callable[[httpx.Request], tuple[int, Any] | httpx.Response]


@dataclass
class StandInGateway:
    """Routes `METHOD /api/v1/path` (regex allowed) to a status and JSON body."""

    routes: dict[str, Answer] = field(default_factory=dict)
    calls: list[httpx.Request] = field(default_factory=list)

    def on(self, method: str, path: str, answer: Answer) -> None:
        """Answer `method path` with `answer`."""
        self.routes[f"{method} /api/v1{path}"] = answer

    def handle(self, request: httpx.Request) -> httpx.Response:
        """The transport's handler."""
        self.calls.append(request)
        key = f"{request.method} {request.url.path}"
        for pattern, answer in self.routes.items():
            if re.fullmatch(pattern, key):
                given = answer(request) if callable(answer) else answer
                if isinstance(given, httpx.Response):
                    return given
                status, body = given
                if isinstance(body, bytes):
                    return httpx.Response(status, content=body)
                return httpx.Response(status, json=body)
        return httpx.Response(404, json={"detail": "Not Found", "code": "not_found"})

    def bodies(self, method: str, path: str) -> list[Any]:
        """The JSON bodies the site sent to `method path`."""
        return [
            json.loads(c.content or b"null")
            for c in self.calls
            if c.method == method and c.url.path == f"/api/v1{path}"
        ]


METRICS_TOKEN = "the site's metrics token"


@contextmanager
def site(stand_in: StandInGateway) -> Iterator[TestClient]:
    """The web app on a test client, talking to the stand-in."""
    app = build(
        WebSettings(gateway_url="http://gateway.test", metrics_token=METRICS_TOKEN),
        transport=httpx.MockTransport(stand_in.handle),
    )
    with TestClient(app, base_url="http://site.test") as client:
        yield client


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(client: TestClient, page: str = "/sign-in") -> str:
    """The CSRF token the site put in a page's forms."""
    found = CSRF.search(client.get(page).text)
    assert found, "no CSRF field on the page"
    return found.group(1)


ACCOUNT = {
    "id": "8b0c1f7e-5a49-4c5e-9a31-1a6f7f1c0d11",
    "email": "hanako@example.jp",
    "display_name": "Hanako",
    "role": "customer",
    "created_at": "2026-12-01T00:00:00Z",
}


def sign_in(client: TestClient, stand_in: StandInGateway, role: str = "customer") -> None:
    """Sign the test client in as an account of `role`."""
    account = {**ACCOUNT, "role": role}
    stand_in.on(
        "POST",
        "/sessions",
        (
            200,
            {"access_token": "tok-123", "expires_at": "2026-12-04T00:00:00Z", "account": account},
        ),
    )
    token = csrf_of(client)
    answer = client.post(
        "/sign-in",
        data={"email": "hanako@example.jp", "password": "x" * 12, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


STAFF_ORDER = "0b6f3c5e-4c1e-4d43-9a55-6f6f0c1a2b3c"
STAFF_ITEM = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"


def staff_queues(stand_in: StandInGateway, **entries: list[dict[str, Any]]) -> None:
    """Every queue empty unless given."""
    stand_in.on(
        "GET",
        r"/staff/queues/\w+",
        lambda r: (
            200,
            {
                "queue": r.url.path.split("/")[-1],
                "entries": entries.get(r.url.path.split("/")[-1], []),
            },
        ),
    )


def staff_order_page(stand_in: StandInGateway) -> None:
    """The order page as staff forms read it: one pre-payment item."""
    item = {
        "item_id": STAFF_ITEM,
        "title": "Canvas tote",
        "url": "https://item.taobao.com/item.htm?id=1",
        "options": {"colour": "red"},
        "quantity": 2,
        "status": "pre_payment",
        "expected_unit_price": {"amount": 1250, "currency": "CNY"},
    }
    page = {
        "items": {"available": True, "data": {"items": [item]}},
        "basic_info": {"available": True, "data": {"order_number": "DK-20261201-ABCDEF"}},
    }
    stand_in.on("GET", f"/orders/{STAFF_ORDER}", (200, page))


def open_estimate_form(client: TestClient, stand_in: StandInGateway) -> str:
    """Ops signed in before the estimate form of the staff order page; the form's CSRF token."""
    staff_order_page(stand_in)
    staff_queues(stand_in)
    sign_in(client, stand_in, role="ops")
    return csrf_of(client, f"/staff/ops/estimate/{STAFF_ORDER}")
