"""The orders service starts on the real database and broker and reports itself healthy."""

import pytest
from orders_support import MakeOrders

pytestmark = pytest.mark.integration


async def test_orders_starts_and_is_healthy(orders_app: MakeOrders) -> None:
    svc = await orders_app()
    response = await svc.client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


async def test_the_api_documents_itself(orders_app: MakeOrders) -> None:
    svc = await orders_app()
    response = await svc.client.get("/openapi.json")
    assert response.status_code == 200
    assert "/orders/{order_id}/estimate" in response.json()["paths"]
