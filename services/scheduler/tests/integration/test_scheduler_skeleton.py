"""The scheduler service starts on the real database and broker and reports itself healthy."""

import httpx
import pytest
from asgi_lifespan import LifespanManager

from daikou_kit.testing import Infra, MakeDatabase
from daikou_scheduler.settings import SchedulerSettings
from daikou_scheduler.wiring import build

pytestmark = pytest.mark.integration


async def test_scheduler_starts_and_is_healthy(infra: Infra, make_database: MakeDatabase) -> None:
    url = await make_database("scheduler_skeleton", None)
    settings = SchedulerSettings(
        database_url=url, amqp_url=infra.amqp_url, namespace=infra.namespace
    )
    _, app = build(settings)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            response = await client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
