"""Card payments (PayPal orders) on the service's database."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_payments.adapters.tables import card_payments


async def add(conn: AsyncConnection, **values: Any) -> None:
    """Record a created PayPal order."""
    await conn.execute(insert(card_payments).values(**values))


async def get(
    conn: AsyncConnection, paypal_order_id: str, *, lock: bool = False
) -> dict[str, Any] | None:
    """One card payment by its PayPal order id."""
    stmt = select(card_payments).where(card_payments.c.paypal_order_id == paypal_order_id)
    if lock:
        stmt = stmt.with_for_update()
    row = (await conn.execute(stmt)).mappings().first()
    return dict(row) if row else None


async def open_for(conn: AsyncConnection, billing_id: UUID, amount: int) -> dict[str, Any] | None:
    """An uncaptured PayPal order of a billing for exactly `amount` (reused on retries)."""
    stmt = (
        select(card_payments)
        .where(
            card_payments.c.billing_id == billing_id,
            card_payments.c.status == "created",
            card_payments.c.amount == amount,
        )
        .order_by(card_payments.c.created_at.desc())
    )
    row = (await conn.execute(stmt)).mappings().first()
    return dict(row) if row else None


async def of_billings(conn: AsyncConnection, billing_ids: list[UUID]) -> list[dict[str, Any]]:
    """The card payments of some billings."""
    stmt = (
        select(card_payments)
        .where(card_payments.c.billing_id.in_(billing_ids))
        .order_by(card_payments.c.created_at)
    )
    return [dict(r) for r in (await conn.execute(stmt)).mappings()]


async def mark_captured(
    conn: AsyncConnection, paypal_order_id: str, capture_id: str, at: datetime
) -> None:
    """Record the capture."""
    await conn.execute(
        update(card_payments)
        .where(card_payments.c.paypal_order_id == paypal_order_id)
        .values(status="captured", capture_id=capture_id, captured_at=at)
    )
