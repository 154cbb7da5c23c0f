"""Poison messages (malformed JSON, schema-invalid, an unknown version, a huge one) sent to a
service's queue are dead-lettered with their reasons while the consumers go on; messages that a
service could not apply while it was broken are dead-lettered after their retries and, once the
fault is fixed, replayed with the operator's tool and applied once."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from datetime import UTC, datetime

import aio_pika
import asyncpg
import pytest
from fault_harness import FaultSystem, Servers, fault_system
from invariants import bindings, dead_letters, dsn, topic_matches
from load import Load
from scenario import exercise, until
from system_harness import System, e2e_namespace

from daikou_kit.deadletters import replay
from daikou_kit.topology import Names

pytestmark = pytest.mark.fault
POISONED: list[str] = []
"""The queues the poison reached."""
BREAK = """
CREATE FUNCTION fault_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'fault suite: the inbox refuses every message'; END $$;
CREATE TRIGGER fault_refuse BEFORE INSERT ON inbox FOR EACH STATEMENT
    EXECUTE FUNCTION fault_refuse();
"""
FIX = "DROP TRIGGER fault_refuse ON inbox; DROP FUNCTION fault_refuse();"


def a_key_of(system: System, service: str) -> tuple[str, str]:
    """A routing key the service's queues bind, and the message type it carries."""
    for _, keys in bindings(system)[service]:
        for key in keys:
            parts = key.split(".")
            if "*" not in parts and "#" not in parts:
                version = next(i for i, p in enumerate(parts) if re.fullmatch(r"v\d+", p))
                return key, ".".join(parts[:version])
    raise AssertionError(f"{service} binds no plain key")


def envelope(message_type: str, version: int, payload: dict[str, object]) -> bytes:
    return json.dumps(
        {
            "message_id": str(uuid.uuid4()),
            "type": message_type,
            "version": version,
            "occurred_at": datetime.now(UTC).isoformat(),
            "correlation_id": "fault-suite",
            "payload": payload,
        }
    ).encode()


def queues_bound(system: System, key: str) -> list[str]:
    """Every queue (of any service) that a message with this key reaches."""
    return [
        queue
        for queues in bindings(system).values()
        for queue, keys in queues
        if any(topic_matches(pattern, key) for pattern in keys)
    ]


async def send_poison(system: System, service: str) -> list[str]:
    """Four poison messages to the service's queue (and any other bound to it); their ids."""
    key, message_type = a_key_of(system, service)
    POISONED.extend(queues_bound(system, key))
    bodies = {
        "malformed JSON": b'{"message_id": "not even closed',
        "schema-invalid": envelope(message_type, 1, {"nonsense": True}),
        "unknown version": envelope(message_type, 99, {}),
        "huge": envelope(message_type, 1, {"blob": "x" * 3_000_000}),
    }
    ids = []
    connection = await aio_pika.connect(system.infra.amqp_url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(Names(e2e_namespace(system.infra)).events)
        for kind, body in bodies.items():
            message_id = f"poison-{kind.replace(' ', '-')}-{uuid.uuid4().hex[:6]}"
            ids.append(message_id)
            await exchange.publish(
                aio_pika.Message(body, message_id=message_id, type=message_type), routing_key=key
            )
    finally:
        await connection.close()
    return ids


async def execute(system: System, service: str, sql: str) -> None:
    conn = await asyncpg.connect(dsn(system.database_url(service)))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def replay_all(system: System, service: str) -> int:
    """The operator's replay (`daikou-ops dead-letters replay`) of every dead letter of a service."""
    connection = await aio_pika.connect(system.infra.amqp_url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        dlq = Names(e2e_namespace(system.infra)).dead_letter_queue(service)
        return await replay(channel, dlq, limit=1000)
    finally:
        await connection.close()


async def poison_and_replay(faults: FaultSystem, _: Load) -> float:
    system = faults.system
    await execute(system, "messaging", BREAK)
    poison = await send_poison(system, "orders")

    async def broken_ones_dead() -> bool:
        return bool((await dead_letters(system))["messaging"])

    async def poison_dead() -> bool:
        return len((await dead_letters(system))["orders"]) >= len(poison)

    await until(broken_ones_dead, "messages refused by the broken inbox dead-lettered", 60)
    await until(poison_dead, "the poison messages dead-lettered", 30)
    await asyncio.sleep(2)
    await execute(system, "messaging", FIX)
    loop = asyncio.get_running_loop()
    fixed_at = loop.time()
    replayed = await replay_all(system, "messaging")
    assert replayed >= 1

    async def replayed_and_applied() -> bool:
        return not (await dead_letters(system))["messaging"]

    await until(replayed_and_applied, "the replayed messages consumed", 60)
    letters = [d for ds in (await dead_letters(system)).values() for d in ds]
    assert len(letters) == len(poison) * len(POISONED), [(d.queue, d.reason) for d in letters]
    for letter in letters:
        assert letter.message_id in poison, letter
        assert letter.queue in POISONED, letter
        assert letter.reason == "malformed", letter
        assert letter.exception.startswith("MalformedMessage: "), letter
    return loop.time() - fixed_at


async def test_poison_dead_lettered_and_replay_after_fix(servers: Servers) -> None:
    async with fault_system(servers) as faults:
        await exercise(faults, "poison + replay after a fix", poison_and_replay, expected_dead=None)
        dead = await dead_letters(faults.system)
        assert sum(len(ds) for ds in dead.values()) == 4 * len(POISONED)
