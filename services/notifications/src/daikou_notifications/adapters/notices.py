"""The customer's own notices (the in-app list): read state, pages, unread count."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_notifications.domain.records import InAppNotice

COLUMNS = (
    "n.id, n.kind, n.order_id, o.order_number, n.subject, n.body, n.created_at, n.read_at "
    "FROM notifications n LEFT JOIN orders o ON o.order_id = n.order_id"
)


class NoticeRepository:
    """A customer's notices: every notification is one, whatever happened to its e-mail."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def page(self, customer_id: UUID, limit: int, offset: int) -> list[InAppNotice]:
        """A page of the customer's notices, newest first."""
        rows = await self.conn.execute(
            text(
                f"SELECT {COLUMNS} WHERE n.customer_id = :id "
                "ORDER BY n.created_at DESC, n.id DESC LIMIT :limit OFFSET :offset"
            ),
            {"id": customer_id, "limit": limit, "offset": offset},
        )
        return [InAppNotice(**r._asdict()) for r in rows]

    async def one(self, customer_id: UUID, notice_id: UUID) -> InAppNotice | None:
        """One of the customer's notices (None when it is not theirs)."""
        row = (
            await self.conn.execute(
                text(f"SELECT {COLUMNS} WHERE n.customer_id = :cid AND n.id = :id"),
                {"cid": customer_id, "id": notice_id},
            )
        ).one_or_none()
        return InAppNotice(**row._asdict()) if row else None

    async def counts(self, customer_id: UUID) -> tuple[int, int]:
        """How many notices the customer has, and how many are unread."""
        row = (
            await self.conn.execute(
                text(
                    "SELECT count(*) AS total, count(*) FILTER (WHERE read_at IS NULL) AS unread "
                    "FROM notifications WHERE customer_id = :id"
                ),
                {"id": customer_id},
            )
        ).one()
        return int(row.total), int(row.unread)

    async def unread(self, customer_id: UUID) -> int:
        """How many of the customer's notices are unread."""
        found = await self.conn.execute(
            text("SELECT count(*) FROM notifications WHERE customer_id = :id AND read_at IS NULL"),
            {"id": customer_id},
        )
        return int(found.scalar_one())

    async def mark_read(self, customer_id: UUID, notice_id: UUID | None, at: datetime) -> int:
        """Mark one notice (or, with None, every one) of the customer read; how many changed."""
        result = await self.conn.execute(
            text(
                "UPDATE notifications SET read_at = :at WHERE customer_id = :cid "
                "AND read_at IS NULL AND (CAST(:id AS uuid) IS NULL OR id = :id)"
            ),
            {"cid": customer_id, "id": notice_id, "at": at},
        )
        return int(result.rowcount)
