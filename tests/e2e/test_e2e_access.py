"""Who may do what, across the real services: customers see only their own orders, never staff
routes; invalid input anywhere gets a 4xx with a reason and changes nothing."""

import uuid
from typing import Any

import httpx
import pytest
from demo import ADDRESS, Actors, Api, Story
from system_harness import System

pytestmark = pytest.mark.e2e


async def two_customers(system: System, api: Api) -> tuple[Story, str]:
    tokens = []
    for _ in range(2):
        email = f"access-{uuid.uuid4().hex[:8]}@example.jp"
        tokens.append(await api.register(email, "a customer password", "Customer"))
    me = await api.call("GET", "/me", tokens[0])
    actors = Actors(
        tokens[0], system.staff_tokens["ops"], system.staff_tokens["warehouse"], str(me["id"])
    )
    story = Story(api, actors)
    await story.place()
    await story.estimate()
    return story, tokens[1]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_customer_b_can_neither_read_nor_act_on_customer_a_s_order(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        story, other = await two_customers(system, api)
        oid, item = story.order_id, story.item_ids[0]
        page = await api.page(story.actors.customer, oid)
        billing_id = page["billing"]["data"]["first"]["billing_id"]
        attempts: list[tuple[str, str, Any]] = [
            ("GET", f"/api/v1/orders/{oid}", None),
            ("GET", f"/api/v1/orders/{oid}/billings", None),
            ("GET", f"/api/v1/orders/{oid}/messages", None),
            ("PATCH", f"/api/v1/orders/{oid}/items/{item}", {"quantity": 5}),
            ("POST", f"/api/v1/orders/{oid}/items/{item}/cancel", None),
            ("POST", f"/api/v1/orders/{oid}/cancel", None),
            (
                "POST",
                f"/api/v1/orders/{oid}/billings/{billing_id}/payments",
                {"method": "transfer"},
            ),
            ("POST", f"/api/v1/orders/{oid}/messages", {"title": "hi", "body": "it is me"}),
        ]
        for method, path, body in attempts:
            response = await client.request(method, path, headers=bearer(other), json=body)
            assert response.status_code == 404, (method, path, response.text)
        listing = await api.call("GET", "/orders", other)
        assert listing["orders"] == []
        after = await api.page(story.actors.customer, oid)
        assert after["progress"]["data"]["status"] == "awaiting_first_payment"
        assert after["items"]["data"]["items"][0]["quantity"] == 2
        assert after["messages"]["data"]["messages"] == []


async def test_customers_cannot_call_staff_routes(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        story, _ = await two_customers(system, api)
        oid, item = story.order_id, story.item_ids[0]
        token = story.actors.customer
        for method, path, body in [
            ("POST", f"/api/v1/staff/orders/{oid}/items/{item}/purchased", {}),
            (
                "POST",
                f"/api/v1/staff/deposits/{story.actors.customer_id}/top-ups",
                {"amount": {"amount": 100000, "currency": "JPY"}},
            ),
            ("GET", "/api/v1/staff/transfers", None),
            ("POST", f"/api/v1/staff/orders/{oid}/packing", {}),
            ("GET", "/api/v1/staff/inbox", None),
            ("GET", "/api/v1/staff/events", None),
        ]:
            response = await client.request(method, path, headers=bearer(token), json=body)
            assert response.status_code == 403, (path, response.text)
        deposit = await api.call("GET", "/deposit", token)
        assert deposit["balance"]["amount"] == 0


async def test_invalid_input_gets_a_4xx_with_a_reason(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        story, _ = await two_customers(system, api)
        token, ops = story.actors.customer, story.actors.ops
        oid, item = story.order_id, story.item_ids[0]
        item_line = {
            "url": "https://example.com/x",
            "title": "Not a marketplace",
            "quantity": 1,
            "expected_unit_price": {"amount": 100, "currency": "CNY"},
        }
        cases: list[tuple[str, str, str, Any]] = [
            (
                token,
                "POST",
                "/api/v1/orders",
                {"items": [], "address": ADDRESS, "shipping_preference": "EMS"},
            ),
            (
                token,
                "POST",
                "/api/v1/orders",
                {"items": [item_line], "address": ADDRESS, "shipping_preference": "EMS"},
            ),
            (
                token,
                "POST",
                "/api/v1/orders",
                {
                    "items": [{**item_line, "quantity": 0}],
                    "address": ADDRESS,
                    "shipping_preference": "EMS",
                },
            ),
            (token, "PATCH", f"/api/v1/orders/{oid}/items/{item}", {"quantity": -1}),
            (token, "GET", "/api/v1/orders/123", None),
            (token, "POST", f"/api/v1/orders/{oid}/reception-report", {"result": "ok"}),
            (
                ops,
                "POST",
                f"/api/v1/staff/orders/{oid}/estimate",
                {"items": [], "rate": {"base": "CNY", "quote": "JPY", "rate": "-1"}},
            ),
            (ops, "POST", f"/api/v1/staff/orders/{oid}/items/{item}/purchased", {}),
            (
                None,
                "GET",
                "/api/v1/shipping/quote?weight_g=0&length_cm=1&width_cm=1&height_cm=1",
                None,
            ),
            (None, "POST", "/api/v1/accounts", {"email": "x", "password": "y"}),
        ]
        for who, method, path, body in cases:
            headers = bearer(who) if who else {}
            response = await client.request(method, path, headers=headers, json=body)
            assert 400 <= response.status_code < 500, (
                path,
                body,
                response.status_code,
                response.text,
            )
            assert response.json()["detail"], (path, response.text)
        executable = await client.post(
            "/api/v1/attachments?filename=photo.jpg",
            headers={**bearer(token), "content-type": "application/octet-stream"},
            content=b"MZ\x90\x00" + b"\x00" * 200,
        )
        assert executable.status_code == 415, executable.text
        page = await api.page(token, oid)
        assert page["progress"]["data"]["status"] == "awaiting_first_payment"
        assert page["items"]["data"]["items"][0]["quantity"] == 2


async def test_the_public_pages_work_without_signing_in(system: System) -> None:
    async with httpx.AsyncClient(base_url=system.gateway_url, timeout=30) as client:
        quote = await client.get(
            "/api/v1/shipping/quote",
            params={"weight_g": 2300, "length_cm": 40, "width_cm": 30, "height_cm": 20},
        )
        assert quote.status_code == 200
        assert {q["method"] for q in quote.json()["quotes"]} >= {"ems"}
        calendar = await client.get("/api/v1/calendar/2026/1")
        assert calendar.status_code == 200
        assert not next(d for d in calendar.json()["days"] if d["date"] == "2026-01-01")[
            "business_day"
        ]
        assert (await client.get("/api/v1/feedback/recent")).status_code == 200
        assert (await client.get("/openapi.json")).status_code == 200
