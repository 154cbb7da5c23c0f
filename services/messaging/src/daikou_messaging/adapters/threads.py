"""Repository of threads and messages (SQLAlchemy Core on the unit of work's connection)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from sqlalchemy import RowMapping, and_, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_contracts.catalogue.messaging import AuthorRole, MessageKind
from daikou_messaging.adapters.attachments import AttachmentRepository
from daikou_messaging.adapters.tables import attachments, messages, order_views, threads
from daikou_messaging.domain.thread import AttachmentMeta, InboxEntry, Message, Thread, ThreadKind


class ThreadRepository:
    """An order's threads and their messages (with their attachments), and the staff inbox."""

    def __init__(self, conn: AsyncConnection, files: AttachmentRepository) -> None:
        self._conn = conn
        self._files = files

    async def open(
        self, thread_id: UUID, order_id: UUID, kind: ThreadKind, now: datetime
    ) -> tuple[Thread, bool]:
        """The order's thread of this kind, created if missing; True when this call created it."""
        created = (
            (
                await self._conn.execute(
                    insert(threads)
                    .values(thread_id=thread_id, order_id=order_id, kind=kind.value, created_at=now)
                    .on_conflict_do_nothing(index_elements=[threads.c.order_id, threads.c.kind])
                    .returning(threads)
                )
            )
            .mappings()
            .first()
        )
        if created is not None:
            return _thread(created), True
        stmt = select(threads).where(threads.c.order_id == order_id, threads.c.kind == kind.value)
        return _thread((await self._conn.execute(stmt)).mappings().one()), False

    async def get(self, thread_id: UUID) -> Thread | None:
        """A thread by id."""
        stmt = select(threads).where(threads.c.thread_id == thread_id)
        row = (await self._conn.execute(stmt)).mappings().first()
        return _thread(row) if row else None

    async def of_order(self, order_id: UUID) -> list[Thread]:
        """The order's threads, oldest first."""
        rows = await self._conn.execute(
            select(threads).where(threads.c.order_id == order_id).order_by(threads.c.created_at)
        )
        return [_thread(r) for r in rows.mappings()]

    async def add_message(self, message: Message) -> None:
        """Insert a message (its attachments are bound separately)."""
        await self._conn.execute(
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

    async def messages_of(self, order_id: UUID) -> list[Message]:
        """Every message of the order with its attachments, oldest first."""
        rows = list(
            (
                await self._conn.execute(
                    select(messages)
                    .where(messages.c.order_id == order_id)
                    .order_by(messages.c.posted_at, messages.c.message_id)
                )
            ).mappings()
        )
        files = await self._files.of_messages([r["message_id"] for r in rows])
        return [_message(r, files.get(r["message_id"], [])) for r in rows]

    async def mark_read(self, order_id: UUID, authors: Iterable[AuthorRole], now: datetime) -> int:
        """Mark the order's unread messages by these authors read; returns how many."""
        result = await self._conn.execute(
            update(messages)
            .where(
                messages.c.order_id == order_id,
                messages.c.read_at.is_(None),
                messages.c.author_role.in_([a.value for a in authors]),
            )
            .values(read_at=now)
        )
        return int(result.rowcount)

    async def unread_customer_messages(self, limit: int) -> list[InboxEntry]:
        """Unread customer messages across orders, oldest first."""
        counts = (
            select(attachments.c.message_id, func.count().label("n"))
            .where(attachments.c.message_id.is_not(None))
            .group_by(attachments.c.message_id)
            .subquery()
        )
        unread = and_(
            messages.c.author_role == AuthorRole.CUSTOMER.value, messages.c.read_at.is_(None)
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
            .where(unread)
            .order_by(messages.c.posted_at, messages.c.message_id)
            .limit(limit)
        )
        return [_entry(r) for r in (await self._conn.execute(stmt)).mappings()]


def _thread(row: RowMapping) -> Thread:
    return Thread(row["thread_id"], row["order_id"], ThreadKind(row["kind"]), row["created_at"])


def _message(row: RowMapping, files: list[AttachmentMeta]) -> Message:
    return Message(
        message_id=row["message_id"],
        thread_id=row["thread_id"],
        order_id=row["order_id"],
        author_id=row["author_id"],
        author_role=AuthorRole(row["author_role"]),
        kind=MessageKind(row["kind"]),
        title=row["title"],
        body=row["body"],
        posted_at=row["posted_at"],
        purchase_condition_item_id=row["purchase_condition_item_id"],
        read_at=row["read_at"],
        attachments=files,
    )


def _entry(row: RowMapping) -> InboxEntry:
    return InboxEntry(
        message_id=row["message_id"],
        thread_id=row["thread_id"],
        order_id=row["order_id"],
        order_number=row["order_number"],
        customer_id=row["customer_id"],
        kind=MessageKind(row["kind"]),
        title=row["title"],
        posted_at=row["posted_at"],
        attachment_count=int(row["attachment_count"]),
    )
