"""Messages per type from the outbox, for the ops dashboard, on the real database."""

import uuid

import httpx
import pytest
from fastapi import FastAPI
from kit_harness import MakeKitService, Ping

from daikou_kit.event_stats import event_stats_router
from daikou_kit.testing import actor_headers

pytestmark = pytest.mark.integration
TOKEN = "kit-test-token"


async def test_counts_messages_per_type_for_staff_only(kit_service: MakeKitService) -> None:
    svc = await kit_service()
    await svc.emit(Ping(n=1), Ping(n=2), Ping(n=3))
    app = FastAPI()
    app.include_router(event_stats_router(svc.database, TOKEN, 72))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://kit") as client:
        staff = actor_headers(TOKEN, uuid.uuid4(), "ops")
        response = await client.get("/events/stats?hours=1", headers=staff)
        assert response.status_code == 200, response.text
        assert [(t["message_type"], t["count"]) for t in response.json()["types"]] == [
            ("kittest.ping", 3)
        ]
        customer = actor_headers(TOKEN, uuid.uuid4(), "customer")
        assert (await client.get("/events/stats", headers=customer)).status_code == 403
        assert (await client.get("/events/stats?hours=73", headers=staff)).status_code == 422
