"""The payments service starts on the real database and broker and reports itself healthy."""

import pytest
from payments_support import Payments

pytestmark = pytest.mark.integration


async def test_payments_starts_and_is_healthy(payments: Payments) -> None:
    response = await payments.client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
