"""The relay's own statements stay on the outbox's indexes as the outbox grows (migration 0003)."""

import pytest
from kit_harness import MakeKitService, Ping
from sqlalchemy import text

from daikou_kit.testing import pages_touched, table_pages

pytestmark = pytest.mark.integration

ROWS = 4000


async def test_a_claim_steps_over_published_rows_without_reading_them(
    kit_service: MakeKitService,
) -> None:
    svc = await kit_service()
    for first in range(0, ROWS, 1000):
        await svc.emit(*(Ping(n=n) for n in range(first, first + 1000)))
    async with svc.engine.begin() as conn:
        await conn.execute(text("UPDATE outbox SET published_at = now()"))
    async with svc.engine.begin() as conn:
        assert not (await conn.execute(text("SELECT * FROM outbox_claim(now(), 500)"))).all()
        pages = await table_pages(conn, "outbox")
        # the first claim has marked the published rows' index entries dead; this one reads the
        # index only (a bitmap scan would read every page of the table again)
        touched = await pages_touched(conn, "SELECT * FROM outbox_claim(now(), 500)")
    assert pages > 200
    assert touched < pages / 5


async def test_marking_published_keeps_to_the_index_when_planned_on_a_small_outbox(
    kit_service: MakeKitService,
) -> None:
    svc = await kit_service()
    async with svc.engine.begin() as conn:  # emptied, as TRUNCATE leaves it: known to hold nothing
        await conn.execute(text("TRUNCATE outbox"))
    mark = "SELECT outbox_mark_published(array(SELECT id FROM outbox WHERE published_at IS NULL), now())"
    async with svc.engine.connect() as relay:
        for n in range(8):  # planned while the outbox is small, the plan kept for the connection
            await svc.emit(*(Ping(n=n * 10 + i) for i in range(10)))
            await relay.execute(text(mark))
            await relay.commit()
        for first in range(0, ROWS, 1000):
            await svc.emit(*(Ping(n=n) for n in range(first, first + 1000)))
        await relay.execute(text(mark))
        await svc.emit(Ping(n=-1))
        last = (await relay.execute(text("SELECT max(id) FROM outbox"))).scalar_one()
        pages = await table_pages(relay, "outbox")
        touched = await pages_touched(relay, f"SELECT outbox_mark_published('{{{last}}}', now())")
        await relay.rollback()
    assert pages > 200
    assert touched < pages / 5
