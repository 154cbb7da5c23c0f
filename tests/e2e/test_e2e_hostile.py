"""Hostile input against the running system: every one gets a 4xx with its reason, nothing breaks,
and the same keep-alive connection goes on answering."""

import http.client
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import pytest
from demo import ADDRESS, Actors, Api, Story, png
from system_harness import System

pytestmark = pytest.mark.e2e

ITEM = {
    "url": "https://item.taobao.com/item.htm?id=600000000001",
    "title": "Canvas tote bag",
    "quantity": 1,
    "expected_unit_price": {"amount": 45000, "currency": "CNY"},
}


class Connection:
    """One keep-alive HTTP/1.1 connection to the gateway; fails if the server ever drops it."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.conn = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=30
        )
        self.conn.connect()
        self.sock = self.conn.sock

    def send(
        self, method: str, path: str, body: bytes | None = None, token: str | None = None
    ) -> tuple[int, dict[str, str], Any]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        raw = response.read()
        answer_headers = {k.lower(): v for k, v in response.getheaders()}
        assert answer_headers.get("connection", "").lower() != "close", (path, response.status)
        assert self.conn.sock is self.sock, "the server dropped the keep-alive connection"
        content = (
            json.loads(raw) if raw and "json" in answer_headers.get("content-type", "") else raw
        )
        return response.status, answer_headers, content

    def still_usable(self) -> None:
        status, _, _ = self.send("GET", "/health")
        assert status == 200


@contextmanager
def connection(system: System) -> Iterator[Connection]:
    conn = Connection(system.gateway_url)
    try:
        yield conn
    finally:
        conn.conn.close()


def refused(
    conn: Connection, method: str, path: str, body: bytes, token: str | None, status: int, code: str
) -> dict[str, Any]:
    got, headers, content = conn.send(method, path, body, token)
    assert got == status, (path, got, content)
    assert isinstance(content, dict), content
    codes = {"invalid_request", "invalid_input"} if code == "invalid_request" else {code}
    assert content["code"] in codes, content  # the typed gateway says invalid_input
    assert content["detail"]
    assert content["request_id"] == headers["x-request-id"]
    assert headers["x-content-type-options"] == "nosniff"
    conn.still_usable()
    return content


async def customer_with_order(system: System, api: Api) -> Story:
    email = f"hostile-{uuid.uuid4().hex[:8]}@example.jp"
    token = await api.register(email, "a customer password", "Customer")
    me = await api.call("GET", "/me", token)
    actors = Actors(
        token, system.staff_tokens["ops"], system.staff_tokens["warehouse"], str(me["id"])
    )
    story = Story(api, actors)
    await story.place()
    return story


def order_body(**item: Any) -> bytes:
    return json.dumps(
        {"items": [{**ITEM, **item}], "address": ADDRESS, "shipping_preference": "EMS"}
    ).encode()


async def test_nul_surrogates_and_non_finite_numbers_get_422_with_a_reason(system: System) -> None:
    async with system.client() as client:
        story = await customer_with_order(system, Api(client, say=lambda _: None, timeout_s=30))
    token, oid, item = story.actors.customer, story.order_id, story.item_ids[0]
    with connection(system) as conn:
        nan = order_body().replace(b'"quantity": 1', b'"quantity": NaN')
        refused(conn, "POST", "/api/v1/orders", nan, token, 422, "non_finite_number")
        infinite = order_body().replace(b'"quantity": 1', b'"quantity": Infinity')
        refused(conn, "POST", "/api/v1/orders", infinite, token, 422, "non_finite_number")
        title = order_body(title="tote\u0000bag")
        refused(conn, "POST", "/api/v1/orders", title, token, 422, "nul_character")
        surrogate = order_body(title="tote").replace(b'"tote"', b'"tote\\ud800"')
        refused(conn, "POST", "/api/v1/orders", surrogate, token, 422, "lone_surrogate")
        message = json.dumps({"title": "hi", "body": "a\u0000b"}).encode()
        refused(
            conn, "POST", f"/api/v1/orders/{oid}/messages", message, token, 422, "nul_character"
        )
        reason = json.dumps({"reason": "no\u0000thanks"}).encode()
        path = f"/api/v1/orders/{oid}/items/{item}/cancel"
        refused(conn, "POST", path, reason, token, 422, "nul_character")
        account = json.dumps(
            {"email": "nul@example.jp", "password": "long enough pw", "display_name": "A\u0000"}
        ).encode()
        refused(conn, "POST", "/api/v1/accounts", account, None, 422, "nul_character")
        refused(conn, "GET", "/api/v1/orders?tab=%00", b"", token, 422, "nul_character")
    async with system.client() as client:
        page = await Api(client, say=lambda _: None).page(token, oid)
    assert page["items"]["data"]["items"][0]["status"] != "cancelled"


async def test_amounts_beyond_their_bounds_are_refused_before_anything_happens(
    system: System,
) -> None:
    async with system.client() as client:
        story = await customer_with_order(system, Api(client, say=lambda _: None, timeout_s=30))
    ops, oid = story.actors.ops, story.order_id
    prices = [
        {
            "item_id": item_id,
            "unit_price": {"amount": 42000, "currency": "CNY"},
            "domestic_shipping": {"amount": 800, "currency": "CNY"},
        }
        for item_id in story.item_ids
    ]
    rate = {"base": "CNY", "quote": "JPY", "rate": "21.5", "rounding": "up"}
    estimate = f"/api/v1/staff/orders/{oid}/estimate"
    top_up = f"/api/v1/staff/deposits/{story.actors.customer_id}/top-ups"
    with connection(system) as conn:
        huge_fee = {
            "items": prices,
            "rate": rate,
            "service_fee": {"amount": 10**19, "currency": "JPY"},
        }
        body = json.dumps(huge_fee).encode()
        refused(conn, "POST", estimate, body, ops, 422, "number_out_of_range")
        big_fee = {**huge_fee, "service_fee": {"amount": 10**9 + 1, "currency": "JPY"}}
        content = refused(
            conn, "POST", estimate, json.dumps(big_fee).encode(), ops, 422, "invalid_request"
        )
        assert "service_fee" in json.dumps(content["detail"])
        dear = [{**p, "unit_price": {"amount": 10**9, "currency": "CNY"}} for p in prices]
        huge_rate = {"items": dear, "rate": {**rate, "rate": "9999999999"}}
        body = json.dumps(huge_rate).encode()
        refused(conn, "POST", estimate, body, ops, 400, "implausible_rate")
        for amount, code in [(2**63 - 1, "number_out_of_range"), (10**9 + 1, "invalid_request")]:
            body = json.dumps({"amount": {"amount": amount, "currency": "JPY"}}).encode()
            refused(conn, "POST", top_up, body, ops, 422, code)
        quantity = json.dumps({"quantity": 10_000}).encode()
        path = f"/api/v1/orders/{oid}/items/{story.item_ids[0]}"
        refused(conn, "PATCH", path, quantity, story.actors.customer, 422, "invalid_request")
        status, _, page = conn.send("GET", f"/api/v1/orders/{oid}", token=story.actors.customer)
        assert status == 200
        assert page["progress"]["data"]["status"] == "applied"  # no estimate went through


async def test_big_and_deep_bodies_get_413_and_422_without_echo(system: System) -> None:
    async with system.client() as client:
        story = await customer_with_order(system, Api(client, say=lambda _: None, timeout_s=30))
    token, oid = story.actors.customer, story.order_id
    with connection(system) as conn:
        deep = b"[" * 32_000 + b"]" * 32_000
        refused(conn, "POST", "/paypal/webhook", deep, None, 422, "too_deeply_nested")
        webhook = b'{"event_type": "x", "pad": "' + b"x" * 70_000 + b'"}'
        refused(conn, "POST", "/paypal/webhook", webhook, None, 413, "body_too_large")
        two_mib = json.dumps({"title": "hi", "body": "x" * (2 * 1024 * 1024)}).encode()
        refused(
            conn, "POST", f"/api/v1/orders/{oid}/messages", two_mib, token, 413, "body_too_large"
        )
        twenty_mib = order_body(title="t" * (20 * 1024 * 1024))
        refused(conn, "POST", "/api/v1/orders", twenty_mib, token, 413, "body_too_large")
        long_title = order_body(title="t" * 900_000)
        got, _, content = conn.send("POST", "/api/v1/orders", long_title, token)
        assert got == 422
        assert len(json.dumps(content)) < 4096  # an excerpt, never the whole input
        conn.still_usable()


async def test_sign_in_is_limited_and_sign_out_revokes(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        email = f"limited-{uuid.uuid4().hex[:8]}@example.jp"
        token = await api.register(email, "the right password", "Customer")
        statuses = []
        elsewhere = {"X-Forwarded-For": "127.0.0.200"}  # as if from another client address
        for _ in range(12):
            wrong = await client.post(
                "/api/v1/sessions",
                json={"email": email, "password": "a wrong guess"},
                headers=elsewhere,
            )
            statuses.append(wrong.status_code)
        assert statuses[0] == 401
        assert statuses[-1] == 429
        assert int(wrong.headers["retry-after"]) > 0
        right = await client.post(
            "/api/v1/sessions",
            json={"email": email, "password": "the right password"},
            headers=elsewhere,
        )
        assert right.status_code == 429
        bearer = {"Authorization": f"Bearer {token}"}
        assert (await client.delete("/api/v1/sessions/current", headers=bearer)).status_code == 200
        after = await client.get("/api/v1/me", headers=bearer)
        assert (after.status_code, after.json()["code"]) == (401, "session_revoked")


async def test_a_message_right_after_placing_is_accepted(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        token = await api.register(f"quick-{uuid.uuid4().hex[:8]}@example.jp", "a password!", "Q")
        bearer = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        for _ in range(3):
            placed = await client.post("/api/v1/orders", content=order_body(), headers=bearer)
            assert placed.status_code == 201, placed.text
            oid = placed.json()["order_id"]
            posted = await client.post(
                f"/api/v1/orders/{oid}/messages",
                json={"title": "Colour", "body": "Navy please"},
                headers=bearer,
            )
            assert posted.status_code == 201, posted.text


async def test_capturing_an_unapproved_card_payment_is_a_409(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        story = await customer_with_order(system, api)
        await story.estimate()
        page = await api.page(story.actors.customer, story.order_id)
        billing_id = page["billing"]["data"]["first"]["billing_id"]
        path = f"/orders/{story.order_id}/billings/{billing_id}/payments"
        paid = await api.call("POST", path, story.actors.customer, json={"method": "card"})
        capture = await client.post(
            f"/api/v1/card-payments/{paid['card']['paypal_order_id']}/capture",
            headers={"Authorization": f"Bearer {story.actors.customer}"},
        )
        assert capture.status_code == 409, capture.text
        assert capture.json()["code"] == "card_payment_not_approved"


async def test_every_response_has_security_headers_and_cors_is_closed(system: System) -> None:
    async with system.client() as client:
        for path in ("/health", "/api/v1/shipping/methods", "/docs", "/api/v1/me"):
            response = await client.get(path, headers={"Origin": "https://evil.example"})
            assert response.headers["x-frame-options"] == "DENY", path
            assert response.headers["referrer-policy"] == "no-referrer", path
            assert "frame-ancestors 'none'" in response.headers["content-security-policy"], path
            assert "access-control-allow-origin" not in response.headers, path
        attachment = await client.post(
            "/api/v1/attachments?filename=receipt.png",
            content=png(),
            headers={
                "Authorization": f"Bearer {system.staff_tokens['ops']}",
                "Content-Type": "image/png",
            },
        )
        assert attachment.status_code == 201, attachment.text
        download = await client.get(
            f"/api/v1/attachments/{attachment.json()['attachment_id']}",
            headers={"Authorization": f"Bearer {system.staff_tokens['ops']}"},
        )
        assert download.status_code == 200
        assert "receipt.png" in download.headers["content-disposition"]
