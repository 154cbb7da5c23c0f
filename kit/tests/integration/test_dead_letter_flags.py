"""A dead letter that names an order writes `kit.message_dead_lettered`; its replay, once applied,
writes `kit.dead_letter_replayed` in the handler's transaction."""

import asyncio
import json
import uuid
from typing import Any

import aio_pika
import pytest
from kit_harness import FAILURES, MakeKitService, Ping, eventually
from sqlalchemy import text

from daikou_kit.deadletters import list_dead_letters, replay
from daikou_kit.relay import OutboxRelay

pytestmark = pytest.mark.integration

FLAGGED = "kit.message_dead_lettered"
CLEARED = "kit.dead_letter_replayed"


async def _kit_facts(svc: Any) -> list[tuple[str, dict[str, Any]]]:
    async with svc.engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT message_type, body FROM outbox WHERE message_type LIKE 'kit.%'"
                " ORDER BY created_at"
            )
        )
        return [(r.message_type, json.loads(r.body)) for r in rows]


async def _publish_raw(
    connection: aio_pika.abc.AbstractConnection, svc: Any, body: bytes, **props: Any
) -> None:
    channel = await connection.channel(publisher_confirms=True)
    target = await channel.get_exchange(svc.names.events)
    await target.publish(aio_pika.Message(body, **props), routing_key="kittest.ping.v1")
    await channel.close()


async def _letters(connection: aio_pika.abc.AbstractConnection, svc: Any, n: int) -> int:
    channel = await connection.channel()
    dlq = svc.names.dead_letter_queue(svc.service)

    async def enough() -> bool:
        return len(await list_dead_letters(channel, dlq, 100)) >= n

    await eventually(enough)
    found = len(await list_dead_letters(channel, dlq, 100))
    await channel.close()
    return found


async def test_a_dead_letter_about_an_order_is_flagged_and_its_applied_replay_clears_it(
    kit_service: MakeKitService, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await kit_service(retry_delays_ms=())
    await svc.start_consumer()
    order_id = uuid.uuid4()
    FAILURES.pop(700, None)
    async with svc.database.unit_of_work(correlation_id=str(order_id)) as uow:
        sent = uow.emit(Ping(n=700, fail_times=1))
    await OutboxRelay(svc.engine, amqp_connection, svc.names).drain_once()
    assert await _letters(amqp_connection, svc, 1) == 1

    (kind, fact), *rest = await _kit_facts(svc)
    assert rest == []
    assert kind == FLAGGED
    assert fact["correlation_id"] == str(order_id)
    payload = fact["payload"]
    assert payload["order_id"] == str(order_id)
    assert payload["service"] == svc.service
    assert payload["message_id"] == str(sent)
    assert payload["message_type"] == "kittest.ping v1"
    assert payload["reason"] == "retries-exhausted"
    assert "failed on purpose" in payload["detail"]

    channel = await amqp_connection.channel(publisher_confirms=True)
    assert await replay(channel, svc.names.dead_letter_queue(svc.service), 10) == 1
    await channel.close()

    async def cleared() -> bool:
        return [k for k, _ in await _kit_facts(svc)] == [FLAGGED, CLEARED]

    await eventually(cleared)
    assert await svc.effects() == [700]
    replayed = (await _kit_facts(svc))[1][1]
    assert replayed["payload"]["order_id"] == str(order_id)
    assert replayed["payload"]["message_id"] == str(sent)
    assert replayed["causation_id"] == str(sent)


async def test_a_malformed_message_naming_an_order_in_its_payload_is_flagged(
    kit_service: MakeKitService, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await kit_service()
    await svc.start_consumer()
    order_id = uuid.uuid4()
    body = json.dumps(
        {
            "message_id": str(uuid.uuid4()),
            "type": "kittest.ping",
            "version": 1,
            "occurred_at": "2026-01-01T00:00:00Z",
            "correlation_id": "not-an-order",
            "payload": {"n": "seven", "order_id": str(order_id), "note": "a\u0000b"},
        }
    ).encode()
    await _publish_raw(amqp_connection, svc, body, message_id="bad-\u00e9")
    await _letters(amqp_connection, svc, 1)
    (kind, fact), *_ = await _kit_facts(svc)
    assert kind == FLAGGED
    assert fact["payload"]["order_id"] == str(order_id)
    assert fact["payload"]["reason"] == "malformed"
    assert fact["payload"]["message_id"] == "bad-\u00e9"
    assert "invalid payload" in fact["payload"]["detail"]


@pytest.mark.parametrize(
    "body",
    [
        b"not json at all",
        b"[" * 5000 + b"]" * 5000,
        json.dumps(
            {
                "type": "kit.message_dead_lettered",
                "version": 1,
                "correlation_id": str(uuid.uuid4()),
                "payload": {"order_id": str(uuid.uuid4())},
            }
        ).encode(),
    ],
    ids=["no-order", "deeply-nested", "a-flag-itself"],
)
async def test_a_dead_letter_naming_no_order_or_a_flag_itself_is_not_flagged(
    kit_service: MakeKitService,
    amqp_connection: aio_pika.abc.AbstractRobustConnection,
    body: bytes,
) -> None:
    svc = await kit_service()
    await svc.start_consumer()
    await _publish_raw(amqp_connection, svc, body, message_id="poison")
    await svc.emit(Ping(n=701))
    await OutboxRelay(svc.engine, amqp_connection, svc.names).drain_once()
    await _letters(amqp_connection, svc, 1)
    await eventually(lambda: _effects_are(svc, [701]))
    assert await _kit_facts(svc) == []


async def _effects_are(svc: Any, expected: list[int]) -> bool:
    return await svc.effects() == expected


async def test_a_flag_that_cannot_be_written_does_not_keep_the_message_from_its_dead_letter(
    kit_service: MakeKitService, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await kit_service(retry_delays_ms=())
    async with svc.engine.begin() as conn:
        await conn.execute(
            text(
                "CREATE FUNCTION refuse_flags() RETURNS trigger LANGUAGE plpgsql AS $$"
                " BEGIN RAISE EXCEPTION 'no flags today'; END $$"
            )
        )
        await conn.execute(
            text(
                "CREATE TRIGGER refuse_flags BEFORE INSERT ON outbox FOR EACH ROW"
                " WHEN (NEW.message_type LIKE 'kit.%') EXECUTE FUNCTION refuse_flags()"
            )
        )
    await svc.start_consumer()
    async with svc.database.unit_of_work(correlation_id=str(uuid.uuid4())) as uow:
        uow.emit(Ping(n=702, permanent=True))
    await OutboxRelay(svc.engine, amqp_connection, svc.names).drain_once()
    channel = await amqp_connection.channel()
    dlq = svc.names.dead_letter_queue(svc.service)

    async def dead() -> bool:
        return len(await list_dead_letters(channel, dlq, 10)) == 1

    await eventually(dead)
    (letter,) = await list_dead_letters(channel, dlq, 10)
    await channel.close()
    assert letter.reason == "rejected"
    assert await _kit_facts(svc) == []
    assert [o.status for o in svc.wiring.outcomes] == ["dead-lettered"]


async def test_a_message_returned_to_its_queue_until_its_delivery_limit_is_dead_lettered_and_flagged(
    kit_service: MakeKitService, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await kit_service()  # delivery limit 5
    await svc.wiring.declare(amqp_connection)
    order_id = uuid.uuid4()
    body = json.dumps(
        {
            "message_id": str(uuid.uuid4()),
            "type": "kittest.ping",
            "version": 1,
            "occurred_at": "2026-12-01T00:00:00+00:00",
            "correlation_id": str(order_id),
            "payload": {"n": 900},
        }
    ).encode()
    await _publish_raw(amqp_connection, svc, body, message_id="bounced-1")
    channel = await amqp_connection.channel()
    queue = await channel.get_queue(svc.wiring.queue_name(svc.wiring.queues[0]))
    for _ in range(5):  # as if a consumer had died while handling it, five times
        await (await _next(queue)).nack(requeue=True)

    await svc.start_consumer()
    assert await _letters(amqp_connection, svc, 1) == 1
    dlq = svc.names.dead_letter_queue(svc.service)
    (letter,) = await list_dead_letters(channel, dlq, 10)
    await channel.close()
    assert letter.reason == "delivery-limit"
    assert "returned to the queue 5 times" in letter.exception
    assert await svc.effects() == []
    (kind, fact), *rest = await _kit_facts(svc)
    assert rest == []
    assert kind == FLAGGED
    assert fact["payload"]["order_id"] == str(order_id)
    assert fact["payload"]["reason"] == "delivery-limit"


async def _next(queue: aio_pika.abc.AbstractQueue) -> aio_pika.abc.AbstractIncomingMessage:
    """The next message of a queue, waiting for it to come back after a nack."""
    for _ in range(500):
        message = await queue.get(no_ack=False, fail=False)
        if message is not None:
            return message
        await asyncio.sleep(0.01)
    raise AssertionError("the message did not come back to its queue")
