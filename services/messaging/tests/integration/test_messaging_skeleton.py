"""The messaging service starts on the real database and broker and reports itself healthy."""

import pytest
from messaging_support import Messaging

pytestmark = pytest.mark.integration


async def test_messaging_starts_and_is_healthy(messaging: Messaging) -> None:
    response = await messaging.client.get("/health")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["service"] == "messaging"
