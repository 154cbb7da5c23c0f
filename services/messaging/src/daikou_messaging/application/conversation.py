"""Use cases of the HTTP API: read a thread, post to it, see the window, list the staff inbox."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID

from daikou_contracts.catalogue.messaging import AuthorRole, MessageKind, PurchaseConditionRequested
from daikou_kit.errors import NotFound
from daikou_kit.unit_of_work import Database, UnitOfWork
from daikou_messaging.adapters import order_views, threads
from daikou_messaging.adapters.threads import InboxEntry
from daikou_messaging.application.posting import claim_attachments, record_message
from daikou_messaging.domain.order_view import OrderView
from daikou_messaging.domain.posting import (
    Author,
    check_can_post,
    check_can_see,
    check_purchase_condition,
)
from daikou_messaging.domain.thread import Message, Thread, ThreadKind, unread_for
from daikou_messaging.domain.window import Window, window_of


@dataclass(frozen=True)
class NewMessage:
    """What an author sends."""

    title: str
    body: str
    attachment_ids: list[UUID] = field(default_factory=list)
    purchase_condition_item_id: UUID | None = None
    thread_id: UUID | None = None


@dataclass(frozen=True)
class Conversation:
    """An order's threads and messages as one reader sees them."""

    view: OrderView
    window: Window
    threads: list[Thread]
    messages: list[Message]


ORDER_FACT_WAIT_S = 3.0
"""How long a post waits for the order's `order_placed` fact when messaging has not heard of it."""


async def await_order_fact(db: Database, order_id: UUID, wait_s: float = ORDER_FACT_WAIT_S) -> None:
    """Return once messaging knows the order, or after `wait_s` (the caller then answers 404).

    A customer may post right after placing an order, before its fact has reached messaging.
    """
    deadline = time.monotonic() + wait_s
    pause = 0.02
    while True:
        async with db.engine.connect() as conn:
            if await order_views.load(conn, order_id) is not None:
                return
        if time.monotonic() >= deadline:
            return
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.2)


async def _visible(
    uow: UnitOfWork, reader: Author, order_id: UUID, lock: bool = False
) -> OrderView:
    return check_can_see(await order_views.load(uow.conn, order_id, lock=lock), reader)


async def read_conversation(
    db: Database, reader: Author, order_id: UUID, period: timedelta
) -> Conversation:
    """The order's threads and messages; what the other side wrote is marked read afterwards."""
    async with db.unit_of_work(correlation_id=str(order_id)) as uow:
        view = await _visible(uow, reader, order_id)
        found = Conversation(
            view=view,
            window=window_of(view, uow.clock.now(), period),
            threads=await threads.list_threads(uow.conn, order_id),
            messages=await threads.list_messages(uow.conn, order_id),
        )
        if reader.role is not AuthorRole.SYSTEM:
            await threads.mark_read(uow.conn, order_id, unread_for(reader.role), uow.clock.now())
        return found


async def window_status(
    db: Database, reader: Author, order_id: UUID, period: timedelta
) -> tuple[OrderView, Window]:
    """Whether the customer may post to the order now, and until when."""
    async with db.unit_of_work(correlation_id=str(order_id)) as uow:
        view = await _visible(uow, reader, order_id)
        return view, window_of(view, uow.clock.now(), period)


async def post_message(
    db: Database, author: Author, order_id: UUID, new: NewMessage, period: timedelta
) -> Message:
    """Post to the order's thread (or its problem thread), within the rules of the window."""
    await await_order_fact(db, order_id)
    async with db.unit_of_work(correlation_id=str(order_id)) as uow:
        view = await _visible(uow, author, order_id, lock=True)
        now = uow.clock.now()
        check_can_post(view, author, window_of(view, now, period))
        item_id = new.purchase_condition_item_id
        if item_id is not None:
            check_purchase_condition(view, author, item_id)
        thread = await _target_thread(uow, order_id, new.thread_id)
        files = await claim_attachments(uow, author.user_id, new.attachment_ids)
        message = Message(
            message_id=uow.new_id(),
            thread_id=thread.thread_id,
            order_id=order_id,
            author_id=author.user_id,
            author_role=author.role,
            kind=MessageKind.PURCHASE_CONDITION if item_id else MessageKind.NORMAL,
            title=new.title,
            body=new.body,
            posted_at=now,
            purchase_condition_item_id=item_id,
        )
        posted = await record_message(uow, view, message, files)
        if item_id is not None:
            uow.emit(
                PurchaseConditionRequested(
                    order_id=order_id,
                    customer_id=view.customer_id,
                    item_id=item_id,
                    question=new.body,
                    message_id=message.message_id,
                )
            )
        return posted


async def _target_thread(uow: UnitOfWork, order_id: UUID, thread_id: UUID | None) -> Thread:
    if thread_id is None:
        thread, _ = await threads.open_thread(
            uow.conn, uow.new_id(), order_id, ThreadKind.ORDER, uow.clock.now()
        )
        return thread
    found = await threads.get_thread(uow.conn, thread_id)
    if found is None or found.order_id != order_id:
        raise NotFound("no such thread in this order", code="thread_not_found")
    return found


async def staff_inbox(db: Database, limit: int) -> list[InboxEntry]:
    """Unread customer messages across orders, oldest first."""
    async with db.unit_of_work() as uow:
        return await threads.unread_customer_messages(uow.conn, limit)
