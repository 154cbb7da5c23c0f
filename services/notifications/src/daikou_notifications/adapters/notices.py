"""The customer's own notices (the in-app list): read state, pages, unread count."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

COLUMNS = (
    "n.id, n.kind, n.order_id, o.order_number, n.subject, n.body, n.created_at, n.read_at "
    "FROM notifications n LEFT JOIN orders o ON o.order_id = n.order_id"
)


async def page(
    conn: AsyncConnection, customer_id: UUID, limit: int, offset: int
) -> list[dict[str, Any]]:
    """A page of the customer's notices, newest first."""
    rows = await conn.execute(
        text(
            f"SELECT {COLUMNS} WHERE n.customer_id = :id "
            "ORDER BY n.created_at DESC, n.id DESC LIMIT :limit OFFSET :offset"
        ),
        {"id": customer_id, "limit": limit, "offset": offset},
    )
    return [dict(r._mapping) for r in rows]


async def one(conn: AsyncConnection, customer_id: UUID, notice_id: UUID) -> dict[str, Any] | None:
    """One of the customer's notices (None when it is not theirs)."""
    row = (
        await conn.execute(
            text(f"SELECT {COLUMNS} WHERE n.customer_id = :cid AND n.id = :id"),
            {"cid": customer_id, "id": notice_id},
        )
    ).one_or_none()
    return dict(row._mapping) if row else None


async def counts(conn: AsyncConnection, customer_id: UUID) -> tuple[int, int]:
    """How many notices the customer has, and how many are unread."""
    row = (
        await conn.execute(
            text(
                "SELECT count(*) AS total, count(*) FILTER (WHERE read_at IS NULL) AS unread "
                "FROM notifications WHERE customer_id = :id"
            ),
            {"id": customer_id},
        )
    ).one()
    return int(row.total), int(row.unread)


async def unread(conn: AsyncConnection, customer_id: UUID) -> int:
    """How many of the customer's notices are unread."""
    found = await conn.execute(
        text("SELECT count(*) FROM notifications WHERE customer_id = :id AND read_at IS NULL"),
        {"id": customer_id},
    )
    return int(found.scalar_one())


async def mark_read(
    conn: AsyncConnection, customer_id: UUID, notice_id: UUID | None, at: datetime
) -> int:
    """Mark one notice (or, with None, every one) of the customer read; how many changed."""
    result = await conn.execute(
        text(
            "UPDATE notifications SET read_at = :at WHERE customer_id = :cid AND read_at IS NULL "
            "AND (CAST(:id AS uuid) IS NULL OR id = :id)"
        ),
        {"cid": customer_id, "id": notice_id, "at": at},
    )
    return int(result.rowcount)
