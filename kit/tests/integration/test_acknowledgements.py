"""Acknowledgements that fall due together leave as one frame, and never cover a delivery that is
still being handled or was returned to its queue (against the real broker)."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import pytest
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractQueue
from aiormq.exceptions import ChannelInvalidStateError

from daikou_kit.acknowledgements import Acknowledgements
from daikou_kit.testing import Infra

pytestmark = pytest.mark.integration


class Broker:
    """A quorum queue holding numbered messages, and a channel that takes them."""

    def __init__(self, connection: aio_pika.abc.AbstractConnection, name: str) -> None:
        self.connection = connection
        self.name = name
        self.frames: list[dict[str, Any]] = []
        self.channel: AbstractChannel
        self.queue: AbstractQueue

    async def fill(self, count: int) -> None:
        channel = await self.connection.channel()
        await channel.declare_queue(self.name, durable=True, arguments={"x-queue-type": "quorum"})
        for n in range(count):
            await channel.default_exchange.publish(aio_pika.Message(str(n).encode()), self.name)
        await channel.close()
        self.channel = await self.connection.channel()
        self.queue = await self.channel.declare_queue(self.name, passive=True)

    async def take(
        self, count: int, acks: Acknowledgements, unseen: int = 0
    ) -> list[AbstractIncomingMessage]:
        """`count` deliveries, each announced to `acks` but the first `unseen`; the channel's ack
        frames are recorded."""
        taken = []
        for n in range(count):
            message = await self.queue.get(timeout=5)
            assert message is not None
            if n >= unseen:
                acks.delivered(message)
            taken.append(message)
        underlying = taken[0].channel
        send = underlying.basic_ack

        async def recorded(**frame: Any) -> None:
            self.frames.append(frame)
            await send(**frame)

        underlying.basic_ack = recorded  # type: ignore[method-assign]
        return taken

    async def left_after_closing(self) -> list[str]:
        """Close the channel (what it did not settle goes back) and read what the queue holds."""
        await self.channel.close()
        channel = await self.connection.channel()
        queue = await channel.declare_queue(self.name, passive=True)
        bodies = []
        while (message := await queue.get(fail=False, no_ack=True)) is not None:
            bodies.append(message.body.decode())
        await queue.delete(if_unused=False, if_empty=False)
        await channel.close()
        return sorted(bodies, key=int)


@pytest.fixture
async def broker(infra: Infra) -> AsyncIterator[Broker]:
    connection = await aio_pika.connect_robust(infra.amqp_url)
    yield Broker(connection, f"{infra.names.namespace}.acks{uuid.uuid4().hex[:6]}")
    await connection.close()


async def test_deliveries_settled_together_leave_in_one_frame(broker: Broker) -> None:
    acks = Acknowledgements()
    await broker.fill(5)
    messages = await broker.take(5, acks)
    await asyncio.gather(*(acks.ack(m) for m in reversed(messages)))
    assert broker.frames == [{"delivery_tag": messages[-1].delivery_tag, "multiple": True}]
    assert await broker.left_after_closing() == []


async def test_an_acknowledgement_behind_one_still_handled_leaves_alone_and_at_once(
    broker: Broker,
) -> None:
    acks = Acknowledgements()
    await broker.fill(3)
    _first, second, third = await broker.take(3, acks)
    await asyncio.gather(acks.ack(second), acks.ack(third))  # returns: nothing waits for `first`
    assert broker.frames == [
        {"delivery_tag": second.delivery_tag, "multiple": False},
        {"delivery_tag": third.delivery_tag, "multiple": False},
    ]
    assert await broker.left_after_closing() == ["0"]  # the one never settled came back


async def test_the_front_settled_last_covers_only_what_is_left(broker: Broker) -> None:
    acks = Acknowledgements()
    await broker.fill(4)
    first, second, third, _fourth = await broker.take(4, acks)
    await acks.ack(second)
    await asyncio.gather(acks.ack(first), acks.ack(third))
    assert broker.frames[-1] == {"delivery_tag": third.delivery_tag, "multiple": True}
    assert await broker.left_after_closing() == ["3"]  # `fourth` was never settled


async def test_a_delivery_not_seen_yet_is_never_covered_by_an_acknowledgement(
    broker: Broker,
) -> None:
    acks = Acknowledgements()
    await broker.fill(3)
    _first, second, third = await broker.take(3, acks, unseen=1)
    await asyncio.gather(acks.ack(second), acks.ack(third))
    assert [frame["multiple"] for frame in broker.frames] == [False, False]
    assert await broker.left_after_closing() == ["0"]


async def test_a_delivery_returned_to_its_queue_is_never_covered_by_an_acknowledgement(
    broker: Broker,
) -> None:
    acks = Acknowledgements()
    await broker.fill(3)
    first, second, third = await broker.take(3, acks)
    await asyncio.gather(acks.ack(third), acks.requeue(first), acks.ack(second))
    await asyncio.sleep(0.2)  # the broker puts the returned one back
    remaining = await broker.left_after_closing()
    assert remaining == ["0"]  # returned, not acknowledged by a frame covering its tag


async def test_a_delivery_of_a_closed_channel_cannot_be_acknowledged(broker: Broker) -> None:
    acks = Acknowledgements()
    await broker.fill(1)
    (message,) = await broker.take(1, acks)
    await broker.channel.close()
    with pytest.raises(ChannelInvalidStateError):
        await acks.ack(message)
