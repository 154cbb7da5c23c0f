"""Use cases of the HTTP API: read a thread, post to it, see the window, list the staff inbox."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from uuid import UUID

from daikou_contracts.catalogue.messaging import AuthorRole, MessageKind, PurchaseConditionRequested
from daikou_kit.errors import Forbidden, NotFound
from daikou_messaging.application.ports import MessagingUnit
from daikou_messaging.application.posting import claim_attachments, record_message
from daikou_messaging.domain.order_view import OrderView
from daikou_messaging.domain.posting import (
    Author,
    check_can_post,
    check_can_see,
    check_purchase_condition,
)
from daikou_messaging.domain.thread import InboxEntry, Message, Thread, ThreadKind, unread_for
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
    """An order's threads and messages as one reader sees them (read state before this reading)."""

    view: OrderView
    window: Window
    threads: list[Thread]
    messages: list[Message]
    unread_count: int


ORDER_FACT_WAIT_S = 3.0
"""How long a post waits for the order's `order_placed` fact when messaging has not heard of it."""


async def await_order_fact(
    uow: MessagingUnit, order_id: UUID, wait_s: float = ORDER_FACT_WAIT_S
) -> None:
    """Return once messaging knows the order, or after `wait_s` (the caller then answers 404).

    A customer may post right after placing an order, before its fact has reached messaging; each
    look is a statement of its own, so it sees the fact once its transaction committed.
    """
    deadline = time.monotonic() + wait_s
    pause = 0.02
    while await uow.order_views.load(order_id) is None and time.monotonic() < deadline:
        await asyncio.sleep(pause)
        pause = min(pause * 2, 0.2)


async def _visible(
    uow: MessagingUnit, reader: Author, order_id: UUID, lock: bool = False
) -> OrderView:
    return check_can_see(await uow.order_views.load(order_id, lock=lock), reader)


async def read_conversation(uow: MessagingUnit, reader: Author, order_id: UUID) -> Conversation:
    """The order's threads and messages; what the other side wrote is marked read afterwards."""
    view = await _visible(uow, reader, order_id)
    messages = await uow.threads.messages_of(order_id)
    others = unread_for(reader.role)
    found = Conversation(
        view=view,
        window=window_of(view, uow.clock.now(), uow.settings.window_period),
        threads=await uow.threads.of_order(order_id),
        messages=messages,
        unread_count=sum(1 for m in messages if m.read_at is None and m.author_role in others),
    )
    if reader.role is not AuthorRole.SYSTEM:
        await uow.threads.mark_read(order_id, others, uow.clock.now())
    return found


async def window_status(
    uow: MessagingUnit, reader: Author, order_id: UUID
) -> tuple[OrderView, Window]:
    """Whether the customer may post to the order now, and until when."""
    view = await _visible(uow, reader, order_id)
    return view, window_of(view, uow.clock.now(), uow.settings.window_period)


async def post_message(
    uow: MessagingUnit,
    author: Author,
    order_id: UUID,
    new: NewMessage,
    *,
    wait_s: float = ORDER_FACT_WAIT_S,
) -> Message:
    """Post to the order's thread (or its problem thread), within the rules of the window."""
    uow.correlate(str(order_id))
    await await_order_fact(uow, order_id, wait_s)
    view = await _visible(uow, author, order_id, lock=True)
    now = uow.clock.now()
    check_can_post(view, author, window_of(view, now, uow.settings.window_period))
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


async def _target_thread(uow: MessagingUnit, order_id: UUID, thread_id: UUID | None) -> Thread:
    if thread_id is None:
        thread, _ = await uow.threads.open(
            uow.new_id(), order_id, ThreadKind.ORDER, uow.clock.now()
        )
        return thread
    found = await uow.threads.get(thread_id)
    if found is None or found.order_id != order_id:
        raise NotFound("no such thread in this order", code="thread_not_found")
    return found


async def staff_inbox(uow: MessagingUnit, reader: Author, limit: int) -> list[InboxEntry]:
    """Staff only: unread customer messages across orders, oldest first."""
    if reader.is_customer:
        raise Forbidden("the inbox is for staff", code="staff_only")
    return await uow.threads.unread_customer_messages(limit)
