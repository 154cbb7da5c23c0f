"""The relay publishes every outbox message at least once, across broker outages, crashes and replicas."""

from collections import Counter
from typing import Any

import aio_pika
import pytest
from kit_harness import Knock, MakeKitService, Ping, eventually
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_kit.proxy import CuttableProxy
from daikou_kit.relay import OutboxRelay
from daikou_kit.testing import Infra

pytestmark = pytest.mark.integration


async def _consume_all(infra: Infra, queue_name: str, routing_key: str) -> tuple[Any, list[str]]:
    """A plain queue bound to the events exchange, collecting message ids."""
    connection = await aio_pika.connect_robust(infra.amqp_url)
    channel = await connection.channel()
    exchange = await channel.declare_exchange(
        infra.names.events, aio_pika.ExchangeType.TOPIC, durable=True
    )
    queue = await channel.declare_queue(queue_name, exclusive=True)
    await queue.bind(exchange, routing_key)
    seen: list[str] = []

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        seen.append(str(message.message_id))
        await message.ack()

    await queue.consume(on_message)
    return connection, seen


async def test_messages_written_while_the_broker_is_away_are_published_when_it_is_back(
    infra: Infra, kit_service: MakeKitService
) -> None:
    svc = await kit_service()
    listener, seen = await _consume_all(infra, f"{svc.service}.watch", "kittest.ping.v1")
    proxy = CuttableProxy("127.0.0.1", int(infra.amqp_url.rsplit(":", 1)[1].split("/")[0]))
    await proxy.start()
    relay_connection = await aio_pika.connect_robust(
        infra.amqp_url.replace(
            infra.amqp_url.rsplit("@", 1)[1].split("/")[0], f"127.0.0.1:{proxy.port}"
        ),
        reconnect_interval=0.2,
    )
    await svc.start_relay(relay_connection)
    await svc.emit(Ping(n=0))
    await eventually(lambda: _async(len(seen) == 1))

    proxy.cut()
    await svc.emit(*(Ping(n=i) for i in range(1, 51)))
    await svc.emit(*(Ping(n=i) for i in range(51, 101)))
    assert await svc.unpublished() > 0  # nothing can leave while the broker is unreachable

    proxy.restore()
    await eventually(lambda: _unpublished_is_zero(svc), timeout=30)
    await eventually(lambda: _async(len(set(seen)) == 101), timeout=30)
    await proxy.close()
    await relay_connection.close()
    await listener.close()


class CrashAfterPublish(OutboxRelay):
    """Publishes, then dies before marking the rows published."""

    async def _mark_published(self, conn: AsyncConnection, ids: Any) -> None:
        raise RuntimeError("relay killed between publish and mark-sent")


async def test_a_relay_killed_after_publishing_causes_a_duplicate_the_inbox_absorbs(
    infra: Infra,
    kit_service: MakeKitService,
    amqp_connection: aio_pika.abc.AbstractRobustConnection,
) -> None:
    svc = await kit_service()
    await svc.start_consumer()
    await svc.emit(Ping(n=1), Ping(n=2))
    crashing = CrashAfterPublish(svc.engine, amqp_connection, svc.names)
    with pytest.raises(RuntimeError, match="killed"):
        await crashing.drain_once()
    assert await svc.unpublished() == 2  # the crash rolled the marking back

    healthy = OutboxRelay(svc.engine, amqp_connection, svc.names)
    assert await healthy.drain_once() == 2  # published a second time
    await eventually(lambda: _count_outcomes(svc, "duplicate", 2))
    assert await svc.effects() == [1, 2]


async def test_two_relays_on_one_outbox_publish_each_message_once(
    infra: Infra,
    kit_service: MakeKitService,
    amqp_connection: aio_pika.abc.AbstractRobustConnection,
) -> None:
    svc = await kit_service()
    listener, seen = await _consume_all(infra, f"{svc.service}.watch2", "kittest.ping.v1")
    total = 3000
    for start in range(0, total, 500):
        await svc.emit(*(Ping(n=i) for i in range(start, start + 500)))
    first = await svc.start_relay(amqp_connection)
    second = await svc.start_relay(await aio_pika.connect_robust(infra.amqp_url))
    await eventually(lambda: _unpublished_is_zero(svc), timeout=60)
    await eventually(lambda: _async(len(seen) >= total), timeout=30)
    counts = Counter(seen)
    assert len(counts) == total
    assert max(counts.values()) == 1
    assert first.published > 0
    assert second.published > 0
    assert first.published + second.published == total
    await listener.close()


async def _async(value: bool) -> bool:
    return value


async def _unpublished_is_zero(svc: Any) -> bool:
    return await svc.unpublished() == 0


async def _count_outcomes(svc: Any, status: str, n: int) -> bool:
    return sum(o.status == status for o in svc.wiring.outcomes) >= n


async def test_a_command_no_queue_accepts_waits_in_the_outbox_with_its_error(
    kit_service: MakeKitService, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    svc = await kit_service()
    await svc.emit(Ping(n=1))
    async with svc.database.unit_of_work() as uow:
        uow.emit(Knock())
    relay = OutboxRelay(svc.engine, amqp_connection, svc.names)
    assert await relay.drain_once() == 2
    assert relay.published == 1  # the event went; the unroutable command did not
    async with svc.engine.connect() as conn:
        row = (
            await conn.execute(
                text(
                    "SELECT attempts, last_error, next_attempt_at > now() AS later"
                    " FROM outbox WHERE published_at IS NULL"
                )
            )
        ).one()
    assert row.attempts == 1
    assert "NO_ROUTE" in row.last_error
    assert row.later  # backed off, not retried in a hot loop
    assert await relay.drain_once() == 0
