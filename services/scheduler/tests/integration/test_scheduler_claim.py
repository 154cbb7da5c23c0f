"""Firing's claim stays on the pending index however many deadlines fired before (migration 0003)."""

from datetime import UTC, datetime, timedelta

import pytest
from scheduler_support import SchedulerDb
from sqlalchemy import text

from daikou_kit.testing import pages_touched, table_pages

pytestmark = pytest.mark.integration

FIRED = 6000
CLAIM = "SELECT * FROM deadlines_claim_due(now(), 500)"


async def test_a_claim_steps_over_fired_deadlines_without_reading_them(
    scheduler_db: SchedulerDb,
) -> None:
    now = datetime.now(UTC)
    await scheduler_db.load_due(FIRED, now - timedelta(hours=1))
    async with scheduler_db.engine.begin() as conn:
        fired = await conn.execute(
            text("SELECT count(*) FROM deadlines_claim_due(now(), :n)"),
            {"n": FIRED},
        )
        assert fired.scalar_one() == FIRED
    async with scheduler_db.engine.begin() as conn:
        await conn.execute(text(CLAIM))
        pages = await table_pages(conn, "deadlines")
        # the first claim has marked the fired rows' index entries dead; this one reads the index
        # only (a bitmap scan would read every page of the table again)
        touched = await pages_touched(conn, CLAIM)
    assert pages > 100
    assert touched < pages / 5
