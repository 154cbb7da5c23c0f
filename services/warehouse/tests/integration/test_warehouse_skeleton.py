"""The warehouse service starts on the real database and broker and reports itself healthy."""

from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from daikou_kit.testing import Infra, MakeDatabase
from daikou_warehouse.settings import WarehouseSettings
from daikou_warehouse.wiring import build

pytestmark = pytest.mark.integration


async def test_warehouse_starts_and_is_healthy(
    infra: Infra, make_database: MakeDatabase, tmp_path: Path
) -> None:
    url = await make_database("warehouse_skeleton", None)
    settings = WarehouseSettings(
        database_url=url, amqp_url=infra.amqp_url, namespace=infra.namespace, photo_dir=tmp_path
    )
    _, app = build(settings)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            response = await client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
