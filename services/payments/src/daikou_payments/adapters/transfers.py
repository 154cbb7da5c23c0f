"""Reported bank transfers on the service's database."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_payments.adapters.tables import transfers


async def add(conn: AsyncConnection, **values: Any) -> None:
    """Insert a reported transfer."""
    await conn.execute(insert(transfers).values(**values))


async def get(
    conn: AsyncConnection, transfer_id: UUID, *, lock: bool = False
) -> dict[str, Any] | None:
    """One transfer as a row mapping."""
    stmt = select(transfers).where(transfers.c.transfer_id == transfer_id)
    if lock:
        stmt = stmt.with_for_update()
    row = (await conn.execute(stmt)).mappings().first()
    return dict(row) if row else None


async def decide(conn: AsyncConnection, transfer_id: UUID, **values: Any) -> None:
    """Record staff's decision."""
    await conn.execute(
        update(transfers).where(transfers.c.transfer_id == transfer_id).values(**values)
    )


async def listing(
    conn: AsyncConnection,
    *,
    status: str | None = None,
    billing_ids: list[UUID] | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Transfers, oldest report first, filtered by status and/or billings."""
    stmt = select(transfers).order_by(transfers.c.reported_at).limit(limit)
    if status is not None:
        stmt = stmt.where(transfers.c.status == status)
    if billing_ids is not None:
        stmt = stmt.where(transfers.c.billing_id.in_(billing_ids))
    return [dict(r) for r in (await conn.execute(stmt)).mappings()]
