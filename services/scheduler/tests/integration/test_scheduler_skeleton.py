"""The scheduler service starts on the real database and broker and reports itself healthy."""

import pytest
from scheduler_support import SchedulerDb, settings_for

from daikou_kit.testing import Infra, running
from daikou_scheduler.wiring import build

pytestmark = pytest.mark.integration


async def test_scheduler_starts_and_is_healthy(infra: Infra, scheduler_db: SchedulerDb) -> None:
    _, app = build(settings_for(infra, scheduler_db.url))
    async with running(app) as client:
        response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "service": "scheduler",
        "database": "ok",
        "broker": "ok",
        "status": "ok",
    }
