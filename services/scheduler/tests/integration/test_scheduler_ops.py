"""`daikou-ops deadlines` reads this service's deadlines table as it is (the scheduler may be down)."""

import asyncio
import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scheduler_support import SchedulerDb, request, schedule

from daikou_kit.clock import SystemClock

pytestmark = pytest.mark.integration

OPS = str(Path(sys.executable).parent / "daikou-ops")


async def _ops(db: SchedulerDb, *args: str) -> tuple[int, str]:
    env = {**os.environ, "COLUMNS": "200", "DAIKOU_SCHEDULER_DATABASE_URL": db.url}
    process = await asyncio.create_subprocess_exec(
        OPS, "deadlines", *args, env=env, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode()


async def test_deadlines_report_pending_overdue_next_due_and_lateness(
    scheduler_db: SchedulerDb,
) -> None:
    now = datetime.now(UTC)
    await schedule(
        scheduler_db.database(SystemClock()),
        request("order:1:payment_deadline", now + timedelta(hours=2), now),
    )
    await scheduler_db.load_due(2, now - timedelta(minutes=5))
    await scheduler_db.execute(
        "UPDATE deadlines SET status = 'fired', fired_at = now(), lateness_ms = 120000"
        " WHERE deadline_id = 'bulk:1'"
    )

    code, out = await _ops(scheduler_db, "--json")
    assert code == 0
    status = json.loads(out)
    assert status["pending"] == 2
    assert status["overdue"] == 1
    assert status["next_due_in_s"] < -290  # the overdue one is next, five minutes late
    assert status["fired"] == 1
    assert status["fired_late"] == 1
    assert status["max_lateness_ms"] == 120000
    kinds = {(k["requester"], k["kind"]): k["pending"] for k in status["by_kind"]}
    assert kinds == {("orders", "bulk"): 1, ("orders", "payment_deadline"): 1}

    code, out = await _ops(scheduler_db)
    assert code == 0
    assert "overdue (due, not fired yet)" in out
    assert "120000 ms" in out
