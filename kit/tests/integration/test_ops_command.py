"""`daikou-ops` run as the operator runs it, against a kit service on the real broker and database."""

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import aio_pika
import pytest
from kit_harness import FAILURES, KitService, MakeKitService, Ping, eventually
from sqlalchemy import text

from daikou_kit import deadletters
from daikou_kit.relay import OutboxRelay
from daikou_kit.testing import Infra

pytestmark = pytest.mark.integration

OPS = str(Path(sys.executable).parent / "daikou-ops")


async def ops(infra: Infra, svc: KitService, *args: str) -> tuple[int, str, str]:
    """Run the console script with the service's settings; its exit status, stdout and stderr."""
    env = {
        **os.environ,
        "COLUMNS": "200",
        "DAIKOU_NAMESPACE": infra.namespace,
        "DAIKOU_AMQP_URL": infra.amqp_url,
        f"DAIKOU_{svc.service.upper()}_DATABASE_URL": str(svc.engine.url.render_as_string(False)),
    }
    process = await asyncio.create_subprocess_exec(
        OPS, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def ops_json(infra: Infra, svc: KitService, *args: str) -> Any:
    code, out, err = await ops(infra, svc, *args, "--json")
    assert code == 0, err
    return json.loads(out)


async def _dead_lettered(infra: Infra, svc: KitService, expected: int) -> list[dict[str, Any]]:
    connection = await aio_pika.connect(infra.amqp_url)
    try:
        channel = await connection.channel()
        dlq = svc.names.dead_letter_queue(svc.service)

        async def enough() -> bool:
            return await deadletters.count(channel, dlq) == expected

        await eventually(enough)
    finally:
        await connection.close()
    (entry,) = await ops_json(infra, svc, "dead-letters", "list", "-s", svc.service)
    return list(entry["letters"])


async def _handled(svc: KitService) -> int:
    return sum(1 for o in svc.wiring.outcomes if o.status == "handled")


async def test_a_dead_letter_replayed_through_the_ops_command_is_processed_once(
    infra: Infra,
    kit_service: MakeKitService,
    amqp_connection: aio_pika.abc.AbstractRobustConnection,
) -> None:
    svc = await kit_service(retry_delays_ms=())
    await svc.start_consumer()
    FAILURES.pop(700, None)
    await svc.emit(Ping(n=700, fail_times=1))
    await OutboxRelay(svc.engine, amqp_connection, svc.names).drain_once()
    (letter,) = await _dead_lettered(infra, svc, 1)
    assert letter["reason"] == "retries-exhausted"
    assert "ping 700 failed on purpose" in letter["exception"]
    assert letter["queue"] == svc.wiring.topology.queues[0].name

    shown = await ops_json(
        infra, svc, "dead-letters", "show", letter["message_id"], "-s", svc.service
    )
    assert shown["type"] == "kittest.ping"
    assert json.loads(shown["body"])["payload"]["n"] == 700

    replayed = await ops_json(
        infra, svc, "dead-letters", "replay", letter["message_id"], "-s", svc.service
    )
    assert replayed == {"service": svc.service, "replayed": 1}
    await eventually(lambda: _effects_are(svc, [700]))
    code, _, err = await ops(
        infra, svc, "dead-letters", "replay", letter["message_id"], "-s", svc.service
    )
    assert code == 1
    assert "no dead letter" in err
    assert await _dead_lettered(infra, svc, 0) == []
    assert await svc.effects() == [700]
    assert await _handled(svc) == 1


async def test_replay_all_and_purge_take_what_waits(
    infra: Infra,
    kit_service: MakeKitService,
    amqp_connection: aio_pika.abc.AbstractRobustConnection,
) -> None:
    svc = await kit_service(retry_delays_ms=())
    await svc.start_consumer()
    for n in (801, 802, 803):
        FAILURES.pop(n, None)
    relay = OutboxRelay(svc.engine, amqp_connection, svc.names)
    pings = [Ping(n=801, fail_times=1), Ping(n=802, fail_times=1), Ping(n=803, permanent=True)]
    for died, ping in enumerate(pings, start=1):  # one at a time: each fails on its own
        await svc.emit(ping)
        await relay.drain_once()
        letters = await _dead_lettered(infra, svc, died)
    permanent = next(x for x in letters if json.loads(x["body"])["payload"]["n"] == 803)
    assert permanent["reason"] == "rejected"
    assert "can never be handled" in permanent["exception"]

    code, _, _ = await ops(infra, svc, "dead-letters", "purge", "-s", svc.service)
    assert code == 2  # neither a message id nor --all: refused
    purged = await ops_json(
        infra, svc, "dead-letters", "purge", permanent["message_id"], "--yes", "-s", svc.service
    )
    assert purged == {"service": svc.service, "purged": 1}
    code, out, err = await ops(infra, svc, "dead-letters", "replay", "--all", "-s", svc.service)
    assert code == 0, err
    assert "replayed 2 dead letter(s)" in out
    await eventually(lambda: _effects_are(svc, [801, 802]))
    assert await _dead_lettered(infra, svc, 0) == []


async def test_outbox_reports_the_backlog_its_age_and_the_failing_rows(
    infra: Infra, kit_service: MakeKitService
) -> None:
    svc = await kit_service()
    (empty,) = await ops_json(infra, svc, "outbox", "-s", svc.service)
    assert (empty["backlog"], empty["oldest_at"], empty["failing"]) == (0, None, 0)

    await svc.emit(Ping(n=1), Ping(n=2), Ping(n=3))
    async with svc.engine.begin() as conn:
        await conn.execute(
            text(
                "UPDATE outbox SET attempts = 4, last_error = 'TimeoutError: no confirm',"
                " created_at = created_at - interval '90 seconds'"
                " WHERE id = (SELECT min(id) FROM outbox)"
            )
        )
    (status,) = await ops_json(infra, svc, "outbox", "-s", svc.service)
    assert status["service"] == svc.service
    assert status["backlog"] == 3
    assert status["failing"] == 1
    assert status["max_attempts"] == 4
    assert status["oldest_age_s"] >= 90
    (row,) = status["failing_rows"]
    assert row["routing_key"] == "kittest.ping.v1"
    assert row["last_error"] == "TimeoutError: no confirm"

    code, out, _ = await ops(infra, svc, "outbox", "-s", svc.service)
    assert code == 0
    assert svc.service in out
    assert "TimeoutError: no confirm" in out


async def test_a_service_whose_database_cannot_be_read_is_reported_not_fatal(
    infra: Infra, kit_service: MakeKitService
) -> None:
    svc = await kit_service()
    code, out, _ = await ops(infra, svc, "outbox", "--json", "-s", svc.service, "-s", "nosuchsvc")
    assert code == 2
    first, missing = json.loads(out)
    assert first["backlog"] == 0
    assert missing["service"] == "nosuchsvc"
    assert missing["error"]


async def _effects_are(svc: KitService, expected: list[int]) -> bool:
    return await svc.effects() == expected
