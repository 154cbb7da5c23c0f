"""The business calendar payments owns: staff close and reopen days, each change is published."""

import asyncio
import json
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import asyncpg
import pytest
from payments_support import Payments

from daikou_contracts.catalogue.payments import BusinessCalendarChanged, TransferReported
from daikou_kit.db import asyncpg_dsn, create_engine
from daikou_kit.testing import Capture, capture, eventually
from daikou_kit.unit_of_work import Database
from daikou_payments.adapters.calendar_file import load_calendar
from daikou_payments.adapters.unit_of_work import PaymentsUnitOfWork
from daikou_payments.application.calendar import publish_if_changed
from daikou_payments.settings import PaymentsSettings

pytestmark = pytest.mark.integration


def both_changes_seen(seen: Capture) -> Callable[[], Awaitable[bool]]:
    """Whether revisions 2 and 3 of the calendar were captured."""

    async def check() -> bool:
        return {e.revision for e in seen.of_type(BusinessCalendarChanged)} >= {2, 3}

    return check


async def test_staff_close_a_day_and_the_whole_calendar_is_published(payments: Payments) -> None:
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        closed = await payments.client.put(
            "/calendar/closed-days/2026-01-06",
            json={"reason": "stocktaking"},
            headers=payments.staff,
        )
        assert closed.status_code == 200, closed.text
        assert {"date": "2026-01-06", "reason": "stocktaking", "source": "staff"} in closed.json()[
            "closed_days"
        ]
        month = (await payments.client.get("/calendar/2026/1", headers=payments.staff)).json()
        day = next(d for d in month["days"] if d["date"] == "2026-01-06")
        assert (day["business_day"], day["reason"]) == (False, "closed: stocktaking")
        reopened = await payments.client.delete(
            "/calendar/closed-days/2026-01-06", headers=payments.staff
        )
        assert reopened.status_code == 200, reopened.text
        assert "2026-01-06" not in [d["date"] for d in reopened.json()["closed_days"]]
        # revision 1 is published at start-up; under load it may still be on its way here
        await eventually(both_changes_seen(seen))
        first, second = [e for e in seen.of_type(BusinessCalendarChanged) if e.revision > 1]
    assert (first.revision, second.revision) == (2, 3)
    assert next(
        (c.day.isoformat(), c.reason) for c in first.closed_dates if c.day.year == 2026
    ) == (
        "2026-01-06",
        "stocktaking",
    )
    assert "2026-01-06" not in [c.day.isoformat() for c in second.closed_dates]
    assert (12, 29) in [(c.month, c.day) for c in second.closed_every_year]


async def test_a_closed_day_delays_the_expected_transfer_confirmation(payments: Payments) -> None:
    customer = uuid.uuid4()
    billing_id = await payments.estimate(customer, 5_000)
    await payments.client.put(
        "/calendar/closed-days/2026-01-06", json={"reason": "stocktaking"}, headers=payments.staff
    )
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        report = await payments.client.post(
            f"/billings/{billing_id}/transfers",
            json={"amount": 5_000, "payer_name": "YAMADA TARO", "transferred_on": "2026-01-05"},
            headers=payments.customer(customer),
        )
        assert report.status_code == 201, report.text
        [reported] = await seen.wait_for(TransferReported)
    # Monday 18:00 JST; Tuesday is closed: Wednesday 10:00 + 3 h = 13:00 JST
    assert reported.expected_confirmation_by == datetime(2026, 1, 7, 4, tzinfo=UTC)


async def test_closed_days_are_staff_only_and_checked(payments: Payments) -> None:
    customer = payments.customer(uuid.uuid4())
    path = "/calendar/closed-days/2026-02-02"
    refused = await payments.client.put(path, json={"reason": "x"}, headers=customer)
    assert refused.status_code == 403
    assert (await payments.client.get("/calendar/closed-days", headers=customer)).status_code == 403
    past = await payments.client.put(
        "/calendar/closed-days/2025-12-01", json={"reason": "x"}, headers=payments.staff
    )
    assert (past.status_code, past.json()["code"]) == (400, "past_day")
    configured = await payments.client.delete(
        "/calendar/closed-days/2026-08-13", headers=payments.staff
    )
    assert configured.status_code == 409
    unknown = await payments.client.delete(path, headers=payments.staff)
    assert unknown.status_code == 404
    for body in ({"reason": ""}, {"reason": "a\x00b"}, {"reason": "x" * 201}, {"why": "x"}):
        bad = await payments.client.put(path, json=body, headers=payments.staff)
        assert bad.status_code == 422, body
    assert (
        await payments.client.put(
            "/calendar/closed-days/2100-01-04", json={"reason": "x"}, headers=payments.staff
        )
    ).status_code == 400


async def test_concurrent_changes_publish_distinct_revisions(payments: Payments) -> None:
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        answers = await asyncio.gather(
            *(
                payments.client.put(
                    f"/calendar/closed-days/2026-03-0{d}",
                    json={"reason": "r"},
                    headers=payments.staff,
                )
                for d in (2, 3, 4, 5)
            )
        )
        assert [a.status_code for a in answers] == [200] * 4
        events = await seen.wait_for(BusinessCalendarChanged, count=4)
    by_revision = sorted(events, key=lambda e: e.revision)
    assert [e.revision for e in by_revision] == [2, 3, 4, 5]
    assert len([c for c in by_revision[-1].closed_dates if c.day.month == 3]) == 4


async def test_the_configured_calendar_is_published_once_at_start_up(payments: Payments) -> None:
    conn = await asyncpg.connect(asyncpg_dsn(payments.database_url))
    try:
        rows = await conn.fetch(
            "SELECT body FROM outbox WHERE message_type = 'payments.business_calendar_changed'"
        )
        assert len(rows) == 1
        snapshot = json.loads(rows[0]["body"])["payload"]
        assert snapshot["revision"] == 1
        assert {"month": 12, "day": 29, "reason": "year-end closure"} in snapshot[
            "closed_every_year"
        ]
        engine = create_engine(payments.database_url)
        try:  # as a restart would: nothing changed, nothing is published
            async with Database(engine, payments.clock).unit_of_work() as uow:
                unit = PaymentsUnitOfWork(uow, settings=PaymentsSettings())
                assert not await publish_if_changed(unit, load_calendar())
        finally:
            await engine.dispose()
        count = await conn.fetchval(
            "SELECT count(*) FROM outbox WHERE message_type = 'payments.business_calendar_changed'"
        )
        assert count == 1
    finally:
        await conn.close()
