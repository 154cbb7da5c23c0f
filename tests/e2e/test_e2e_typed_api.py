"""The typed public API against the real services: their answers fit the gateway's models, whole.

The gateway checks every answer against its response model (503 `<service>_unexpected_answer`
otherwise) and shapes it by that model. Here the real services answer along an order's life, and
each forwarded answer must reach the client 200 and equal the service's own answer: a field the
gateway's model lacks (or types differently) fails here.
"""

import uuid
from typing import Any

import httpx
import pytest
from demo import Actors, Api, Story
from system_harness import TOKEN, System

from daikou_gateway.entrypoints.schemas_page import OrderPageOut
from daikou_kit.http import INTERNAL_TOKEN_HEADER, ROLE_HEADER, USER_HEADER

pytestmark = pytest.mark.e2e
STAFF = "00000000-0000-4000-8000-00000000000a"


async def direct(
    system: System, service: str, path: str, user: str, role: str, **params: Any
) -> Any:
    """A service's own answer on its internal API."""
    headers = {INTERNAL_TOKEN_HEADER: TOKEN, USER_HEADER: user, ROLE_HEADER: role}
    url = f"http://127.0.0.1:{system.ports[service]}{path}"
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.get(url, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def test_real_answers_fit_the_models_whole(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        token = await api.register(
            f"typed-{uuid.uuid4().hex[:8]}@example.jp", "a password 123", "Hanako"
        )
        me = await api.call("GET", "/me", token)
        cid = str(me["id"])
        ops, warehouse = system.staff_tokens["ops"], system.staff_tokens["warehouse"]
        story = Story(api, Actors(token, ops, warehouse, customer_id=cid))
        await story.place()
        await story.estimate()
        await story.pay_first()
        await story.purchase()
        await story.arrive_and_inspect()
        page = await story.pack()
        oid = story.order_id

        typed = OrderPageOut.model_validate(page)
        assert all(getattr(typed, p).available for p in ("tabs", "progress", "billing", "items"))
        assert typed.billing.data is not None
        assert typed.billing.data.second is not None
        assert typed.items.data is not None
        assert all(item.photos for item in typed.items.data.items)

        pairs: list[tuple[str, str, str, str, str, dict[str, Any]]] = [
            (
                "/orders?tab=ongoing&limit=5",
                token,
                "orders",
                "/orders",
                cid,
                {"customer_id": cid, "tab": "ongoing", "limit": 5},
            ),
            (f"/orders/{oid}/billings", token, "payments", "/billings", cid, {"order_id": oid}),
            ("/deposit", token, "payments", f"/deposits/{cid}", cid, {}),
            (
                "/staff/orders?tab=ongoing&limit=3",
                ops,
                "orders",
                "/orders",
                STAFF,
                {"tab": "ongoing", "limit": 3},
            ),
            (f"/staff/orders/{oid}/warehouse", warehouse, "warehouse", f"/orders/{oid}", STAFF, {}),
            (
                "/staff/transfers?status=reported",
                ops,
                "payments",
                "/transfers",
                STAFF,
                {"status": "reported"},
            ),
            ("/shipping/methods", "", "warehouse", "/shipping/methods", STAFF, {}),
            ("/calendar/2026/12", "", "payments", "/calendar/2026/12", STAFF, {}),
            ("/feedback/recent", "", "orders", "/feedback/recent", STAFF, {}),
        ]
        for route, caller, service, path, user, params in pairs:
            role = "customer" if caller == token else "ops"
            answer = await client.get(
                f"/api/v1{route}", headers={"Authorization": f"Bearer {caller}"} if caller else {}
            )
            assert answer.status_code == 200, (route, answer.text)
            own = await direct(system, service, path, user, role, **params)
            assert answer.json() == own, route
