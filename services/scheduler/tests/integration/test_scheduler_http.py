"""The scheduler's ops API: staff only, clear errors, the figures and the listings."""

import uuid
from datetime import timedelta

import pytest
from scheduler_support import TOKEN, SchedulerDb, cancel, request, schedule, settings_for

from daikou_kit.clock import ManualClock
from daikou_kit.testing import Infra, actor_headers, running
from daikou_scheduler.wiring import build

pytestmark = pytest.mark.integration

OPS = actor_headers(TOKEN, uuid.uuid4(), "ops")


async def test_the_ops_api_serves_staff_only_with_clear_errors(
    infra: Infra, scheduler_db: SchedulerDb
) -> None:
    clock = ManualClock()
    _, app = build(settings_for(infra, scheduler_db.url, firing_enabled=False), clock)
    customer = actor_headers(TOKEN, uuid.uuid4(), "customer")
    async with running(app) as client:
        assert (await client.get("/deadlines/stats")).status_code == 401
        wrong = actor_headers("wrong", uuid.uuid4(), "ops")
        assert (await client.get("/deadlines/stats", headers=wrong)).status_code == 401
        no_role = {**OPS, "X-Daikou-Role": ""}
        assert (await client.get("/deadlines/stats", headers=no_role)).status_code == 400
        for path in ("/deadlines/stats", "/deadlines", "/deadlines/d:any"):
            response = await client.get(path, headers=customer)
            assert response.status_code == 403, path
            assert response.json()["code"] == "forbidden"
        missing = await client.get("/deadlines/d:missing", headers=OPS)
        assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
        assert (await client.get("/deadlines/bad id!", headers=OPS)).status_code == 422
        bad_limit = await client.get("/deadlines", params={"limit": 0}, headers=OPS)
        assert bad_limit.status_code == 422
        bad_window = await client.get("/deadlines/stats?window_hours=0", headers=OPS)
        assert bad_window.status_code == 422


async def test_the_ops_api_reports_pending_deadlines_and_lateness(
    infra: Infra, scheduler_db: SchedulerDb
) -> None:
    clock = ManualClock()
    settings = settings_for(infra, scheduler_db.url, firing_enabled=False, late_threshold_s=60)
    _, app = build(settings, clock)
    worker = scheduler_db.worker(clock)
    db = scheduler_db.database(clock)
    start = clock.now()
    for n, minutes in enumerate([1, 2, 10]):  # fired 9, 8 and 0 minutes late
        await schedule(db, request(f"order:a:{n}", start + timedelta(minutes=minutes), start))
    await schedule(db, request("order:b:far", start + timedelta(days=60), start))
    await schedule(db, request("order:b:soon", start + timedelta(minutes=20), start))
    await schedule(db, request("order:bx", start + timedelta(days=1), start))
    await cancel(db, "order:b:gone", start)
    clock.set(start + timedelta(minutes=10))
    assert await worker.fire_due() == 3
    clock.set(start + timedelta(minutes=30))

    async with running(app) as client:
        stats = (await client.get("/deadlines/stats", headers=OPS)).json()
        listed = await client.get("/deadlines", params={"prefix": "order:b:"}, headers=OPS)
        escaped = await client.get("/deadlines", params={"prefix": "order:_"}, headers=OPS)
        pending = await client.get("/deadlines", params={"status": "pending"}, headers=OPS)
        one = (await client.get("/deadlines/order:a:0", headers=OPS)).json()

    assert stats["pending"] == {
        "count": 3,
        "overdue": 1,
        "next_due_at": (start + timedelta(minutes=20)).isoformat().replace("+00:00", "Z"),
    }
    assert stats["lateness"]["fired"] == 3
    assert stats["lateness"]["fired_late"] == 2
    assert stats["lateness"]["max_lateness_ms"] == 9 * 60_000
    assert stats["lateness"]["p95_lateness_ms"] == 9 * 60_000
    assert stats["lateness"]["late_threshold_ms"] == 60_000
    assert [d["deadline_id"] for d in listed.json()["deadlines"]] == [
        "order:b:far",
        "order:b:gone",
        "order:b:soon",
    ]
    assert escaped.json()["deadlines"] == []  # `_` is a character here, not a wildcard
    assert {d["deadline_id"] for d in pending.json()["deadlines"]} == {
        "order:b:far",
        "order:b:soon",
        "order:bx",
    }
    assert (one["status"], one["lateness_ms"], one["requester"]) == ("fired", 9 * 60_000, "orders")
