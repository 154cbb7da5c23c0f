"""Repository of threads and messages (SQLAlchemy Core on the unit of work's connection)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import and_, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_contracts.catalogue.messaging import AuthorRole, MessageKind
from daikou_messaging.adapters import attachments as attachment_repo
from daikou_messaging.adapters.tables import attachments, messages, order_views, threads
from daikou_messaging.domain.thread import Message, Thread, ThreadKind


def _thread(row: Any) -> Thread:
    return Thread(row.thread_id, row.order_id, ThreadKind(row.kind), row.created_at)


async def open_thread(
    conn: AsyncConnection, thread_id: UUID, order_id: UUID, kind: ThreadKind, now: datetime
) -> tuple[Thread, bool]:
    """The order's thread of this kind, created if missing; True when this call created it."""
    created = (
        await conn.execute(
            insert(threads)
            .values(thread_id=thread_id, order_id=order_id, kind=kind.value, created_at=now)
            .on_conflict_do_nothing(index_elements=[threads.c.order_id, threads.c.kind])
            .returning(threads)
        )
    ).first()
    if created is not None:
        return _thread(created), True
    row = (
        await conn.execute(
            select(threads).where(threads.c.order_id == order_id, threads.c.kind == kind.value)
        )
    ).one()
    return _thread(row), False


async def get_thread(conn: AsyncConnection, thread_id: UUID) -> Thread | None:
    """A thread by id."""
    row = (await conn.execute(select(threads).where(threads.c.thread_id == thread_id))).first()
    return _thread(row) if row else None


async def list_threads(conn: AsyncConnection, order_id: UUID) -> list[Thread]:
    """The order's threads, oldest first."""
    rows = await conn.execute(
        select(threads).where(threads.c.order_id == order_id).order_by(threads.c.created_at)
    )
    return [_thread(r) for r in rows]


async def add_message(conn: AsyncConnection, message: Message) -> None:
    """Insert a message (its attachments are bound separately)."""
    await conn.execute(
        insert(messages).values(
            message_id=message.message_id,
            thread_id=message.thread_id,
            order_id=message.order_id,
            author_id=message.author_id,
            author_role=message.author_role.value,
            kind=message.kind.value,
            title=message.title,
            body=message.body,
            purchase_condition_item_id=message.purchase_condition_item_id,
            posted_at=message.posted_at,
            read_at=message.read_at,
        )
    )


async def list_messages(conn: AsyncConnection, order_id: UUID) -> list[Message]:
    """Every message of the order with its attachments, oldest first."""
    rows = list(
        await conn.execute(
            select(messages)
            .where(messages.c.order_id == order_id)
            .order_by(messages.c.posted_at, messages.c.message_id)
        )
    )
    files = await attachment_repo.of_messages(conn, [r.message_id for r in rows])
    return [
        Message(
            message_id=r.message_id,
            thread_id=r.thread_id,
            order_id=r.order_id,
            author_id=r.author_id,
            author_role=AuthorRole(r.author_role),
            kind=MessageKind(r.kind),
            title=r.title,
            body=r.body,
            posted_at=r.posted_at,
            purchase_condition_item_id=r.purchase_condition_item_id,
            read_at=r.read_at,
            attachments=files.get(r.message_id, []),
        )
        for r in rows
    ]


async def mark_read(
    conn: AsyncConnection, order_id: UUID, authors: Iterable[AuthorRole], now: datetime
) -> int:
    """Mark the order's unread messages by these authors read; returns how many."""
    result = await conn.execute(
        update(messages)
        .where(
            messages.c.order_id == order_id,
            messages.c.read_at.is_(None),
            messages.c.author_role.in_([a.value for a in authors]),
        )
        .values(read_at=now)
    )
    return int(result.rowcount)


@dataclass(frozen=True)
class InboxEntry:
    """An unread customer message, as the staff inbox lists it."""

    message_id: UUID
    thread_id: UUID
    order_id: UUID
    order_number: str | None
    customer_id: UUID
    kind: MessageKind
    title: str
    posted_at: datetime
    attachment_count: int


async def unread_customer_messages(conn: AsyncConnection, limit: int) -> list[InboxEntry]:
    """Unread customer messages across orders, oldest first."""
    counts = (
        select(attachments.c.message_id, func.count().label("n"))
        .where(attachments.c.message_id.is_not(None))
        .group_by(attachments.c.message_id)
        .subquery()
    )
    stmt = (
        select(
            messages,
            order_views.c.order_number,
            order_views.c.customer_id,
            func.coalesce(counts.c.n, 0).label("attachment_count"),
        )
        .join(order_views, order_views.c.order_id == messages.c.order_id)
        .outerjoin(counts, counts.c.message_id == messages.c.message_id)
        .where(
            and_(messages.c.author_role == AuthorRole.CUSTOMER.value, messages.c.read_at.is_(None))
        )
        .order_by(messages.c.posted_at, messages.c.message_id)
        .limit(limit)
    )
    return [
        InboxEntry(
            message_id=r.message_id,
            thread_id=r.thread_id,
            order_id=r.order_id,
            order_number=r.order_number,
            customer_id=r.customer_id,
            kind=MessageKind(r.kind),
            title=r.title,
            posted_at=r.posted_at,
            attachment_count=int(r.attachment_count),
        )
        for r in await conn.execute(stmt)
    ]
