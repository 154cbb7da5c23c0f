"""The business calendar and the customer's payment deadline, through the gateway.

Staff close a day through the staff API; the public calendar shows it and the orders service's own
copy receives it. A bank transfer reported before the (shortened) payment deadline holds it: the
order survives the deadline while staff have not decided; confirmed, it is paid; rejected, the
customer gets a fresh deadline and the order cancels itself only after it.
"""

import asyncio
import json
from datetime import date, datetime, timedelta, timezone
from typing import Any

import asyncpg
import pytest
from demo import Api, Story
from system_harness import PAYMENT_PERIOD_S, System
from test_e2e_deadlines import new_story

from daikou_contracts.business_calendar import BusinessCalendar
from daikou_kit.db import asyncpg_dsn

pytestmark = pytest.mark.e2e
JST = timezone(timedelta(hours=9))


def _a_future_weekday() -> date:
    """A business day in next month (shown by the public calendar of this and next month)."""
    today = datetime.now(JST).date()
    day = (today.replace(day=1) + timedelta(days=40)).replace(day=10)
    return BusinessCalendar().business_day_on_or_after(day)


async def _orders_copy(system: System) -> dict[str, Any]:
    conn = await asyncpg.connect(asyncpg_dsn(system.database_url("orders")))
    try:
        row = await conn.fetchrow("SELECT revision, closed_dates FROM business_calendar")
    finally:
        await conn.close()
    assert row is not None
    closed = row["closed_dates"]
    return {
        "revision": row["revision"],
        "closed": json.loads(closed) if isinstance(closed, str) else closed,
    }


async def test_staff_close_a_day_and_everyone_sees_it(system: System) -> None:
    day = _a_future_weekday()
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        ops = system.staff_tokens["ops"]
        story = await new_story(system, api)
        path = f"/staff/calendar/closed-days/{day.isoformat()}"
        refused = await client.put(
            f"/api/v1{path}",
            json={"reason": "stocktaking"},
            headers={"Authorization": f"Bearer {story.actors.customer}"},
        )
        assert refused.status_code == 403
        bad = await client.put(
            f"/api/v1{path}", json={"reason": "a\x00b"}, headers={"Authorization": f"Bearer {ops}"}
        )
        assert bad.status_code == 422
        closed = await api.call("PUT", path, ops, json={"reason": "stocktaking"})
        assert {"date": day.isoformat(), "reason": "stocktaking", "source": "staff"} in closed[
            "closed_days"
        ]
        try:
            public = (await client.get("/api/v1/calendar")).json()
            assert len(public["months"]) == 2
            shown = {d["date"]: d for m in public["months"] for d in m["days"]}
            assert shown[day.isoformat()]["business_day"] is False
            assert shown[day.isoformat()]["reason"] == "closed: stocktaking"

            async def copied() -> Any:
                copy = await _orders_copy(system)
                return copy if copy["closed"].get(day.isoformat()) == "stocktaking" else None

            await api.wait_for("the orders service's copy of the calendar", copied)
        finally:
            await api.call("DELETE", path, ops)
        reopened = (await client.get(f"/api/v1/calendar/{day.year}/{day.month}")).json()
        assert next(d for d in reopened["days"] if d["date"] == day.isoformat())["business_day"]

        async def reopened_in_copy() -> Any:
            copy = await _orders_copy(system)
            return copy if day.isoformat() not in copy["closed"] else None

        await api.wait_for("the copy to reopen the day", reopened_in_copy)


async def _report_transfer(story: Story) -> str:
    page = await story.api.page(story.actors.customer, story.order_id)
    first = page["billing"]["data"]["first"]
    path = f"/orders/{story.order_id}/billings/{first['billing_id']}"
    answer = await story.api.call(
        "POST", f"{path}/payments", story.actors.customer, json={"method": "transfer"}
    )
    due = answer["billing"]["amount_due"]["amount"]
    report = {"amount": due, "payer_name": "YAMADA TARO", "transferred_on": str(date.today())}
    transfer = await story.api.call(
        "POST", f"{path}/transfers", story.actors.customer, json=report, expect=201
    )
    return str(transfer["transfer_id"])


async def _held(story: Story) -> None:
    async def held() -> Any:
        page = await story.api.page(story.actors.ops, story.order_id)
        history = page["progress"]["data"]["history"]
        return page if any(h["what"] == "payment_deadline_held" for h in history) else None

    await story.api.wait_for("the payment deadline held", held)


async def test_a_reported_transfer_holds_the_payment_deadline(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        kept, rejected = await new_story(system, api), await new_story(system, api)
        for story in (kept, rejected):
            await story.place()
            await story.estimate()
        transfers = [await _report_transfer(kept), await _report_transfer(rejected)]
        await _held(kept)
        await _held(rejected)
        await asyncio.sleep(PAYMENT_PERIOD_S + 5)  # the original deadline has passed
        for story in (kept, rejected):
            page = await api.page(story.actors.customer, story.order_id)
            assert page["progress"]["data"]["status"] == "awaiting_first_payment"
        ops = system.staff_tokens["ops"]
        page = await api.page(kept.actors.customer, kept.order_id)
        due = page["billing"]["data"]["first"]["amount_due"]["amount"]
        confirm = f"/staff/transfers/{transfers[0]}/confirm"
        await api.call("POST", confirm, ops, json={"amount_received": due})
        await api.wait_status(kept.actors.customer, kept.order_id, "purchasing")
        reject = f"/staff/transfers/{transfers[1]}/reject"
        await api.call("POST", reject, ops, json={"reason": "not on the account"})

        async def extended() -> Any:
            page = await api.page(ops, rejected.order_id)
            history = page["progress"]["data"]["history"]
            return page if any(h["what"] == "payment_deadline_extended" for h in history) else None

        await api.wait_for("a fresh deadline", extended)
        page = await api.wait_status(
            rejected.actors.customer,
            rejected.order_id,
            "cancelled",
            timeout_s=PAYMENT_PERIOD_S + 30,
        )
        assert page["basic_info"]["data"]["cancel_reason"] == "payment_deadline"
