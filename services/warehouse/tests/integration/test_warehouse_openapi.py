"""The service's OpenAPI document builds and lists every route of the README, and the health check."""

from pathlib import Path

import pytest

from daikou_warehouse.settings import WarehouseSettings
from daikou_warehouse.wiring import build

pytestmark = pytest.mark.integration


def test_the_openapi_document_lists_the_api(tmp_path: Path) -> None:
    _, app = build(WarehouseSettings(photo_dir=tmp_path))
    paths = app.openapi()["paths"]
    assert set(paths) == {
        "/orders",
        "/orders/{order_id}",
        "/orders/{order_id}/arrivals",
        "/orders/{order_id}/items/{item_id}/inspection",
        "/photos/{photo_id}",
        "/orders/{order_id}/items/{item_id}/cases",
        "/cases/{case_id}/seller-response",
        "/cases/{case_id}/resolve",
        "/orders/{order_id}/packing",
        "/orders/{order_id}/dispatch",
        "/shipping/quote",
        "/shipping/methods",
        "/queues/{queue}",
        "/events/stats",
        "/health",
    }
    form = paths["/orders/{order_id}/items/{item_id}/inspection"]["post"]["requestBody"]
    assert "photos" in form["content"]["multipart/form-data"]["schema"]["required"]
