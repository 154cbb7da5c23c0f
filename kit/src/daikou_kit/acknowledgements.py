"""One channel's acknowledgements, sent as few frames as the broker allows.

Deliveries whose handling ends together (a batch's commit settles up to fifty at once) are
acknowledged together: the acknowledgements that fall due in one turn of the event loop leave in
one `basic.ack` with `multiple` set, covering every delivery up to the newest of them. `multiple`
covers every earlier delivery tag of the channel, so it is used only over an unbroken run of tags
(a channel numbers its deliveries 1, 2, 3...; each of these channels has one consumer) that starts
right after the last settled one and ends before the oldest delivery still being handled, or not
yet seen here; an acknowledgement past that one is sent alone, at once (never held back: a held
acknowledgement would keep a prefetch slot from the deliveries behind it).
A delivery returned to its queue (`requeue`) is sent at once and stays in the way of `multiple`
until its frame has left, so no later `multiple` can acknowledge it instead.

Tags belong to the channel that delivered them: after a reconnect, a delivery of the old channel is
acknowledged alone (which fails: the broker delivers it again, and the inbox absorbs it).

For the broker this is one settlement of many messages, in a quorum queue one log entry rather than
one per message; for the consumer, one frame.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from aio_pika.abc import AbstractIncomingMessage
from aiormq.exceptions import ChannelInvalidStateError

MAX_SETTLED_ALONE = 10_000
"""Tags settled alone remembered past `_next` at most: a delivery that is never settled stops the
run for good, and forgetting more of them only ends a later run sooner (never wrongly later)."""


class Acknowledgements:
    """Settles the deliveries of one consumer's channel; see the module's docstring."""

    def __init__(self) -> None:
        self._channel: object = None
        """The underlying channel whose delivery tags `_open` holds."""
        self._open: dict[int, AbstractIncomingMessage | None] = {}
        """Delivery tag -> the message once its acknowledgement is due (None while handled)."""
        self._next = 1
        """Every tag below this one is settled."""
        self._settled_alone: set[int] = set()
        """Tags at or past `_next` settled by a frame of their own (alone, or returned)."""
        self._due: list[tuple[AbstractIncomingMessage, asyncio.Future[None]]] = []
        self._flush_scheduled = False

    def delivered(self, message: AbstractIncomingMessage) -> None:
        """A delivery is being handled: no `multiple` acknowledgement may pass it until settled."""
        channel = _channel_of(message)
        if channel is not self._channel:  # a new channel (after a reconnect): new tags
            self._channel = channel
            self._open.clear()
            self._settled_alone.clear()
            self._next = 1
        self._open[_tag(message)] = None

    async def ack(self, message: AbstractIncomingMessage) -> None:
        """Acknowledge `message` with whatever else falls due in this turn of the event loop;
        returns once its frame has been written, raises if it could not be."""
        if not self._tracks(message):
            await message.ack()
            return
        self._open[_tag(message)] = message
        done = asyncio.get_running_loop().create_future()
        self._due.append((message, done))
        self._schedule_flush()
        await done

    async def requeue(self, message: AbstractIncomingMessage) -> None:
        """Return `message` to its queue. It blocks `multiple` until its frame is on its way, so
        that no acknowledgement covers it first."""
        try:
            await message.nack(requeue=True)
        finally:
            if self._tracks(message):
                del self._open[_tag(message)]
                self._settled_alone_add(_tag(message))
                if self._due:  # it may have been all that held them back
                    self._schedule_flush()

    def _settled_alone_add(self, tag: int) -> None:
        if len(self._settled_alone) < MAX_SETTLED_ALONE:
            self._settled_alone.add(tag)

    def _tracks(self, message: AbstractIncomingMessage) -> bool:
        return _channel_of(message) is self._channel and _tag(message) in self._open

    def _schedule_flush(self) -> None:
        if not self._flush_scheduled:
            self._flush_scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        """Send what is due: one `multiple` frame for the due deliveries at the front, one frame
        for each of the others. Each frame is put on the channel by a task of its own, started in
        this order; each task puts its frame before it first waits, so frames leave in order."""
        self._flush_scheduled = False
        due, self._due = self._due, []
        newest = self._take_leading()
        covered: list[asyncio.Future[None]] = []
        for message, done in due:
            if _channel_of(message) is not self._channel:  # its channel has gone: this fails
                _send(message.ack(), [done])
            elif _tag(message) in self._open:  # behind a delivery still being handled
                del self._open[_tag(message)]
                self._settled_alone_add(_tag(message))
                _send(message.ack(), [done])
            else:
                covered.append(done)
        if newest is not None:
            _send(newest.ack(multiple=True), covered)

    def _take_leading(self) -> AbstractIncomingMessage | None:
        """Remove the due deliveries of the unbroken run of tags from `_next`; the newest of them."""
        newest = None
        while True:
            if self._next in self._settled_alone:
                self._settled_alone.discard(self._next)
            elif self._open.get(self._next) is not None:
                newest = self._open.pop(self._next)
            else:  # still being handled, or not seen here yet
                return newest
            self._next += 1


def _tag(message: AbstractIncomingMessage) -> int:
    return message.delivery_tag or 0


def _channel_of(message: AbstractIncomingMessage) -> object:
    """The underlying channel that delivered `message` (None once it has closed)."""
    try:
        return message.channel
    except ChannelInvalidStateError:
        return None


def _send(frame: Coroutine[Any, Any, None], waiting: list[asyncio.Future[None]]) -> None:
    """Write an acknowledgement frame; tell those waiting for it how it went."""

    def report(task: asyncio.Task[None]) -> None:
        error = None if task.cancelled() else task.exception()
        for done in waiting:
            if done.done():
                continue
            if error is None:
                done.set_result(None)
            else:
                done.set_exception(error)

    asyncio.get_running_loop().create_task(frame).add_done_callback(report)
