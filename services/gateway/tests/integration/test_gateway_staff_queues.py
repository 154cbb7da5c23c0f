"""Work queues and the dashboard through the gateway: roles, forwarding, typed answers, a service down."""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
from gateway_support import TOKEN, GatewayUnderTest, HostRouter, StandIns, bearer, gateway_settings
from sqlalchemy import text

from daikou_gateway.wiring import build
from daikou_kit.actors import Role
from daikou_kit.clock import ManualClock
from daikou_kit.http import Actor, actor_dependency
from daikou_kit.testing import Infra, running

pytestmark = pytest.mark.integration
ORDER, CUSTOMER, ITEM = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
SINCE = "2026-01-05T01:00:00Z"


@dataclass
class Seen:
    """What the stand-ins were asked."""

    calls: list[tuple[str, str, str, dict[str, str]]]


def _counting_app(name: str, seen: Seen, counts: dict[str, int]) -> FastAPI:
    app = FastAPI()
    ActorDep = Annotated[Actor, Depends(actor_dependency(TOKEN))]  # noqa: N806

    @app.get("/events/stats")
    async def stats(actor: ActorDep, hours: int) -> dict[str, Any]:
        seen.calls.append((name, "/events/stats", actor.role, {"hours": str(hours)}))
        types = [{"message_type": t, "count": n, "last_at": SINCE} for t, n in counts.items()]
        return {"since": SINCE, "types": types}

    @app.get("/queues/{queue}")
    async def queue(queue: str, actor: ActorDep, limit: int) -> dict[str, Any]:
        seen.calls.append((name, f"/queues/{queue}", actor.role, {"limit": str(limit)}))
        entry = {"order_id": ORDER, "customer_id": CUSTOMER, "waiting_since": SINCE}
        overdue = queue == "second_payment"
        return {
            "queue": queue,
            "entries": [{**entry, "item_id": ITEM, "quantity": 2, "overdue": overdue}],
        }

    @app.post("/orders/{order_id}/dead-letter-flags/clear")
    async def clear_flags(order_id: str, actor: ActorDep) -> dict[str, Any]:
        seen.calls.append((name, f"/orders/{order_id}/dead-letter-flags/clear", actor.role, {}))
        return {"order_id": order_id, "cleared": 2}

    @app.get("/deposits/{customer_id}")
    async def deposit(customer_id: str, actor: ActorDep) -> dict[str, Any]:
        seen.calls.append((name, f"/deposits/{customer_id}", actor.role, {}))
        yen = {"amount": 500, "currency": "JPY"}
        return {"customer_id": customer_id, "balance": yen, "entries": []}

    @app.get("/stats/status")
    async def status(actor: ActorDep) -> dict[str, Any]:
        return {"counts": {"applied": 2, "purchasing": 1}}

    @app.get("/deadlines/stats")
    async def deadlines(actor: ActorDep) -> dict[str, Any]:
        return {
            "as_of": SINCE,
            "pending": {"count": 3, "overdue": 1, "next_due_at": SINCE},
            "lateness": {
                "window_hours": 24.0,
                "late_threshold_ms": 5000,
                "fired": 7,
                "fired_late": 1,
                "max_lateness_ms": 6100,
                "p95_lateness_ms": 900,
            },
        }

    return app


@pytest.fixture
async def staff_gateway(
    infra: Infra, gateway_database: str
) -> AsyncIterator[tuple[GatewayUnderTest, Seen]]:
    seen = Seen([])
    apps = {
        "orders": _counting_app("orders", seen, {"orders.order_placed": 2, "scheduler.x": 1}),
        "payments": _counting_app("payments", seen, {"payments.billing_paid": 5}),
        "messaging": _counting_app("messaging", seen, {}),
        "warehouse": _counting_app("warehouse", seen, {"scheduler.x": 4}),
        "scheduler": _counting_app("scheduler", seen, {}),
    }
    router = HostRouter(apps)
    clock = ManualClock()
    service, app = build(gateway_settings(infra, gateway_database), clock, transport=router)
    async with running(app) as client:
        yield GatewayUnderTest(client, service, clock, router, StandIns()), seen


async def test_ops_queues_go_to_orders_and_warehouse_queues_to_the_warehouse(
    staff_gateway: tuple[GatewayUnderTest, Seen],
) -> None:
    gateway, seen = staff_gateway
    ops = bearer(await gateway.staff(Role.OPS))
    answer = await gateway.client.get("/api/v1/staff/queues/purchase?limit=5", headers=ops)
    assert answer.status_code == 200, answer.text
    assert answer.json()["entries"][0]["item_id"] == ITEM
    assert answer.json()["entries"][0]["order_number"] is None
    assert seen.calls[-1] == ("orders", "/queues/purchase", "ops", {"limit": "5"})
    assert answer.json()["entries"][0]["overdue"] is False
    unpaid = await gateway.client.get("/api/v1/staff/queues/second_payment", headers=ops)
    assert (unpaid.status_code, unpaid.json()["entries"][0]["overdue"]) == (200, True)
    assert seen.calls[-1][:3] == ("orders", "/queues/second_payment", "ops")
    warehouse = bearer(await gateway.staff(Role.WAREHOUSE))
    arrivals = await gateway.client.get("/api/v1/staff/queues/arrivals", headers=warehouse)
    assert arrivals.status_code == 200
    assert seen.calls[-1][:3] == ("warehouse", "/queues/arrivals", "warehouse")


async def test_dead_lettered_messages_are_an_ops_queue_and_ops_clear_an_orders_flags(
    staff_gateway: tuple[GatewayUnderTest, Seen],
) -> None:
    gateway, seen = staff_gateway
    ops = bearer(await gateway.staff(Role.OPS))
    listed = await gateway.client.get("/api/v1/staff/queues/dead_lettered", headers=ops)
    assert listed.status_code == 200, listed.text
    assert seen.calls[-1][:3] == ("orders", "/queues/dead_lettered", "ops")
    path = f"/api/v1/staff/orders/{ORDER}/dead-letter-flags/clear"
    cleared = await gateway.client.post(path, headers=ops)
    assert cleared.status_code == 200, cleared.text
    assert cleared.json() == {"order_id": ORDER, "cleared": 2}
    assert seen.calls[-1] == ("orders", f"/orders/{ORDER}/dead-letter-flags/clear", "ops", {})
    warehouse = bearer(await gateway.staff(Role.WAREHOUSE))
    calls = len(seen.calls)
    assert (await gateway.client.post(path, headers=warehouse)).status_code == 403
    queue = await gateway.client.get("/api/v1/staff/queues/dead_lettered", headers=warehouse)
    assert queue.status_code == 403
    bad = await gateway.client.post("/api/v1/staff/orders/x/dead-letter-flags/clear", headers=ops)
    assert bad.status_code == 422
    assert len(seen.calls) == calls


async def test_queues_refuse_the_wrong_roles_and_names(
    staff_gateway: tuple[GatewayUnderTest, Seen],
) -> None:
    gateway, _ = staff_gateway
    warehouse = bearer(await gateway.staff(Role.WAREHOUSE))
    ops_only = await gateway.client.get("/api/v1/staff/queues/estimate", headers=warehouse)
    assert ops_only.status_code == 403
    customer, _ = await gateway.register()
    refused = await gateway.client.get("/api/v1/staff/queues/arrivals", headers=bearer(customer))
    assert refused.status_code == 403
    assert (await gateway.client.get("/api/v1/staff/queues/arrivals")).status_code == 401
    ops = bearer(await gateway.staff(Role.OPS))
    assert (await gateway.client.get("/api/v1/staff/queues/x", headers=ops)).status_code == 422
    too_many = await gateway.client.get("/api/v1/staff/queues/cases?limit=201", headers=ops)
    assert too_many.status_code == 422


async def test_the_dashboard_adds_up_counts_and_names_a_service_down(
    staff_gateway: tuple[GatewayUnderTest, Seen],
) -> None:
    gateway, _ = staff_gateway
    ops = bearer(await gateway.staff(Role.OPS))
    body = (await gateway.client.get("/api/v1/staff/dashboard?hours=6", headers=ops)).json()
    counts = {c["message_type"]: c["count"] for c in body["event_counts"]}
    async with gateway.service.engine.connect() as conn:
        own = dict(
            (
                await conn.execute(
                    text("SELECT message_type, count(*) FROM outbox GROUP BY message_type")
                )
            ).all()
        )
    # the gateway's own facts count too: the customers this session registered or changed
    for message_type, count in own.items():
        assert counts.pop(message_type, 0) == count
    assert counts == {"payments.billing_paid": 5, "scheduler.x": 5, "orders.order_placed": 2}
    assert body["orders_by_status"] == {"applied": 2, "purchasing": 1}
    assert body["deadlines"]["pending"] == 3
    assert body["deadlines"]["p95_lateness_ms"] == 900
    assert body["unavailable"] == []
    assert body["window_hours"] == 6
    gateway.router.down.update({"payments", "scheduler"})
    degraded = (await gateway.client.get("/api/v1/staff/dashboard", headers=ops)).json()
    assert degraded["unavailable"] == ["payments", "scheduler"]
    assert degraded["deadlines"] is None
    assert "payments.billing_paid" not in {c["message_type"] for c in degraded["event_counts"]}
    assert degraded["orders_by_status"] == {"applied": 2, "purchasing": 1}
    bad = await gateway.client.get("/api/v1/staff/dashboard?hours=1000", headers=ops)
    assert bad.status_code == 422


async def test_ops_find_a_customer_by_email_and_read_the_deposit(
    staff_gateway: tuple[GatewayUnderTest, Seen],
) -> None:
    gateway, seen = staff_gateway
    _, account = await gateway.register()
    ops = bearer(await gateway.staff(Role.OPS))
    email = account["email"].upper()
    found = await gateway.client.get(
        "/api/v1/staff/customers", params={"email": email}, headers=ops
    )
    assert found.status_code == 200, found.text
    assert found.json()["id"] == account["id"]
    missing = await gateway.client.get(
        "/api/v1/staff/customers", params={"email": "nobody@example.jp"}, headers=ops
    )
    assert missing.status_code == 404
    deposit = await gateway.client.get(f"/api/v1/staff/deposits/{account['id']}", headers=ops)
    assert deposit.json()["balance"] == {"amount": 500, "currency": "JPY"}
    assert seen.calls[-1][:2] == ("payments", f"/deposits/{account['id']}")
    warehouse = bearer(await gateway.staff(Role.WAREHOUSE))
    refused = await gateway.client.get(
        "/api/v1/staff/customers", params={"email": email}, headers=warehouse
    )
    assert refused.status_code == 403


async def test_answers_outside_their_shape_are_a_part_unavailable_or_503_never_500(
    infra: Infra, gateway_database: str
) -> None:
    seen = Seen([])
    odd = FastAPI()

    @odd.get("/events/stats")
    async def odd_stats() -> dict[str, Any]:
        return {"types": [{"message_type": "payments.billing_paid", "count": "many"}]}

    @odd.get("/queues/{queue}")
    async def odd_queue(queue: str) -> dict[str, Any]:
        return {"queue": queue, "entries": [{"order_id": "not an id"}]}

    apps = {name: _counting_app(name, seen, {}) for name in ("orders", "messaging", "scheduler")}
    apps |= {"payments": odd, "warehouse": odd}
    clock = ManualClock()
    service, app = build(
        gateway_settings(infra, gateway_database), clock, transport=HostRouter(apps)
    )
    async with running(app) as client:
        gateway = GatewayUnderTest(client, service, clock, HostRouter(apps), StandIns())
        ops = bearer(await gateway.staff(Role.OPS))
        board = await client.get("/api/v1/staff/dashboard", headers=ops)
        assert board.status_code == 200, board.text
        assert board.json()["unavailable"] == ["payments", "warehouse"]
        queue = await client.get("/api/v1/staff/queues/arrivals", headers=ops)
        assert queue.status_code == 503
        assert queue.json()["code"] == "warehouse_unexpected_answer"
