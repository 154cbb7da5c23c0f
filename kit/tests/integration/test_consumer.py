"""Consumers: one effect per message, bounded retries, dead letters with their reason."""

from typing import Any

import aio_pika
import pytest
from kit_harness import FAILURES, MakeKitService, Ping, eventually

from daikou_kit.deadletters import list_dead_letters, replay
from daikou_kit.relay import OutboxRelay
from daikou_kit.topology import H_DEATH_REASON, H_EXCEPTION_MESSAGE, H_EXCEPTION_TYPE

pytestmark = pytest.mark.integration


async def _publish_raw(
    connection: aio_pika.abc.AbstractConnection,
    exchange: str,
    key: str,
    body: bytes,
    message_id: str,
) -> None:
    channel = await connection.channel(publisher_confirms=True)
    target = await channel.get_exchange(exchange)
    await target.publish(aio_pika.Message(body, message_id=message_id), routing_key=key)
    await channel.close()


async def _dead_letters(
    connection: aio_pika.abc.AbstractConnection, svc: Any, expected: int
) -> list[Any]:
    channel = await connection.channel()
    dlq = svc.names.dead_letter_queue(svc.service)

    async def enough() -> bool:
        return len(await list_dead_letters(channel, dlq, 100)) >= expected

    await eventually(enough)
    letters = await list_dead_letters(channel, dlq, 100)
    await channel.close()
    return letters


async def test_the_same_message_delivered_twice_has_its_effect_once(
    kit_service: MakeKitService, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await kit_service()
    await svc.start_consumer()
    await svc.emit(Ping(n=5))
    relay = OutboxRelay(svc.engine, amqp_connection, svc.names)
    await relay.drain_once()
    async with svc.engine.begin() as conn:  # publish the very same row again
        from sqlalchemy import text

        await conn.execute(text("UPDATE outbox SET published_at = NULL"))
    await relay.drain_once()
    await eventually(lambda: _outcomes(svc, {"handled": 1, "duplicate": 1}))
    assert await svc.effects() == [5]


async def test_a_failing_handler_is_retried_then_succeeds(
    kit_service: MakeKitService, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await kit_service(retry_delays_ms=(100, 200, 300))
    await svc.start_consumer()
    FAILURES.pop(101, None)
    await svc.emit(Ping(n=101, fail_times=2))
    await OutboxRelay(svc.engine, amqp_connection, svc.names).drain_once()
    await eventually(lambda: _outcomes(svc, {"retried": 2, "handled": 1}))
    assert await svc.effects() == [101]


async def test_a_handler_that_keeps_failing_ends_in_the_dead_letter_queue_with_its_reason(
    kit_service: MakeKitService, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await kit_service(retry_delays_ms=(100, 200))
    await svc.start_consumer()
    FAILURES.pop(102, None)
    await svc.emit(Ping(n=102, fail_times=99), Ping(n=103))
    await OutboxRelay(svc.engine, amqp_connection, svc.names).drain_once()
    letters = await _dead_letters(amqp_connection, svc, 1)
    assert len(letters) == 1
    assert letters[0].reason == "retries-exhausted"
    assert letters[0].exception == "RuntimeError: ping 102 failed on purpose"
    assert svc.wiring.counts["retried"] == 2  # the first attempt and two retries, then dead
    await eventually(lambda: _effects_are(svc, [103]))  # the consumer kept going


async def test_a_permanent_failure_is_dead_lettered_at_once(
    kit_service: MakeKitService, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await kit_service()
    await svc.start_consumer()
    await svc.emit(Ping(n=104, permanent=True))
    await OutboxRelay(svc.engine, amqp_connection, svc.names).drain_once()
    letters = await _dead_letters(amqp_connection, svc, 1)
    assert letters[0].reason == "rejected"
    assert not any(o.status == "retried" for o in svc.wiring.outcomes)


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b"not json at all", "invalid"),
        (b'{"message_id": "x"}', "invalid"),
        (
            b'{"message_id":"5b0e7a52-7d0e-4cf5-9d55-1d9c1b0a8c10","type":"kittest.ping","version":1,'
            b'"occurred_at":"2026-01-01T00:00:00Z","correlation_id":"c","payload":{"n":"seven"}}',
            "invalid payload",
        ),
        (
            b'{"message_id":"5b0e7a52-7d0e-4cf5-9d55-1d9c1b0a8c11","type":"kittest.pong","version":1,'
            b'"occurred_at":"2026-01-01T00:00:00Z","correlation_id":"c","payload":{}}',
            "unknown message type",
        ),
    ],
)
async def test_a_malformed_message_is_dead_lettered_at_once_and_the_consumer_keeps_going(
    kit_service: MakeKitService,
    amqp_connection: aio_pika.abc.AbstractRobustConnection,
    body: bytes,
    why: str,
) -> None:
    svc = await kit_service()
    await svc.start_consumer()
    await _publish_raw(amqp_connection, svc.names.events, "kittest.ping.v1", body, "bad-1")
    await svc.emit(Ping(n=200))
    await OutboxRelay(svc.engine, amqp_connection, svc.names).drain_once()
    letters = await _dead_letters(amqp_connection, svc, 1)
    assert letters[0].reason == "malformed"
    assert why in letters[0].exception
    await eventually(lambda: _effects_are(svc, [200]))
    assert not any(o.status == "retried" for o in svc.wiring.outcomes)


async def test_dead_letters_carry_headers_and_can_be_replayed(
    kit_service: MakeKitService, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await kit_service(retry_delays_ms=())
    await svc.start_consumer()
    FAILURES.pop(300, None)
    await svc.emit(Ping(n=300, fail_times=1))
    await OutboxRelay(svc.engine, amqp_connection, svc.names).drain_once()
    channel = await amqp_connection.channel(publisher_confirms=True)
    dlq = svc.names.dead_letter_queue(svc.service)
    await _dead_letters(amqp_connection, svc, 1)
    queue = await channel.get_queue(dlq)
    message = await queue.get(no_ack=False)
    assert message.headers[H_DEATH_REASON] == "retries-exhausted"
    assert message.headers[H_EXCEPTION_TYPE] == "RuntimeError"
    assert "failed on purpose" in str(message.headers[H_EXCEPTION_MESSAGE])
    await message.nack(requeue=True)

    assert await replay(channel, dlq, 10) == 1  # the handler succeeds on its second run
    await eventually(lambda: _effects_are(svc, [300]))
    assert await list_dead_letters(channel, dlq, 10) == []


async def _outcomes(svc: Any, expected: dict[str, int]) -> bool:
    counts: dict[str, int] = {}
    for outcome in svc.wiring.outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return all(counts.get(k, 0) >= v for k, v in expected.items())


async def _effects_are(svc: Any, expected: list[int]) -> bool:
    return await svc.effects() == expected
