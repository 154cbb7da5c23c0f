"""The customer's own notices (the in-app list): read state, pages, unread count."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_notifications.adapters.tables import notifications, orders
from daikou_notifications.domain.content import NoticeContent
from daikou_notifications.domain.records import InAppNotice

_n, _o = notifications.c, orders.c
_NOTICES = select(
    _n.id,
    _n.kind,
    _n.order_id,
    _o.order_number,
    _n.subject,
    _n.body,
    _n.created_at,
    _n.read_at,
    _n.language,
    _n.content,
).select_from(notifications.outerjoin(orders, _o.order_id == _n.order_id))


def _notice(kept: dict[str, Any]) -> InAppNotice:
    content = kept.pop("content")
    return InAppNotice(**kept, content=NoticeContent.from_json(content) if content else None)


def _of(customer_id: UUID) -> ColumnElement[bool]:
    return _n.customer_id == customer_id


class NoticeRepository:
    """A customer's notices: every notification is one, whatever happened to its e-mail."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def page(self, customer_id: UUID, limit: int, offset: int) -> list[InAppNotice]:
        """A page of the customer's notices, newest first."""
        rows = await self.conn.execute(
            _NOTICES.where(_of(customer_id))
            .order_by(_n.created_at.desc(), _n.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [_notice(row._asdict()) for row in rows]

    async def one(self, customer_id: UUID, notice_id: UUID) -> InAppNotice | None:
        """One of the customer's notices (None when it is not theirs)."""
        row = (
            await self.conn.execute(_NOTICES.where(_of(customer_id), _n.id == notice_id))
        ).one_or_none()
        return _notice(row._asdict()) if row else None

    async def counts(self, customer_id: UUID) -> tuple[int, int]:
        """How many notices the customer has, and how many are unread."""
        total, unread = (
            await self.conn.execute(
                select(func.count(), func.count().filter(_n.read_at.is_(None))).where(
                    _of(customer_id)
                )
            )
        ).one()
        return int(total), int(unread)

    async def unread(self, customer_id: UUID) -> int:
        """How many of the customer's notices are unread."""
        found = await self.conn.execute(
            select(func.count()).where(_of(customer_id), _n.read_at.is_(None))
        )
        return int(found.scalar_one())

    async def mark_read(self, customer_id: UUID, notice_id: UUID | None, at: datetime) -> int:
        """Mark one notice (or, with None, every one) of the customer read; how many changed."""
        stmt = update(notifications).where(_of(customer_id), _n.read_at.is_(None))
        if notice_id is not None:
            stmt = stmt.where(_n.id == notice_id)
        result = await self.conn.execute(stmt.values(read_at=at))
        return int(result.rowcount)
