"""What payments remembers of each order: its customer, its rate, cancellation, refunds, charges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_payments.adapters.tables import charges, orders_seen, refunds


@dataclass(frozen=True)
class OrderSeen:
    """An order as payments knows it."""

    order_id: UUID
    customer_id: UUID
    rate: dict[str, Any] | None
    cancelled_at: datetime | None


async def remember(
    conn: AsyncConnection, order_id: UUID, customer_id: UUID, rate: dict[str, Any] | None
) -> None:
    """Record an order's customer (and its rate when known), keeping what is already known."""
    stmt = pg_insert(orders_seen).values(order_id=order_id, customer_id=customer_id, rate=rate)
    if rate is not None:
        stmt = stmt.on_conflict_do_update(index_elements=["order_id"], set_={"rate": rate})
    else:
        stmt = stmt.on_conflict_do_nothing()
    await conn.execute(stmt)


async def get(conn: AsyncConnection, order_id: UUID, *, lock: bool = False) -> OrderSeen | None:
    """An order, row-locked when `lock`."""
    stmt = select(orders_seen).where(orders_seen.c.order_id == order_id)
    if lock:
        stmt = stmt.with_for_update()
    row = (await conn.execute(stmt)).mappings().first()
    return OrderSeen(**row) if row else None


async def mark_cancelled(conn: AsyncConnection, order_id: UUID, at: datetime) -> None:
    """Record the order's cancellation."""
    await conn.execute(
        update(orders_seen).where(orders_seen.c.order_id == order_id).values(cancelled_at=at)
    )


async def add_refund(conn: AsyncConnection, **values: Any) -> bool:
    """Record a refund; False when this item's refund was already recorded."""
    stmt = (
        pg_insert(refunds).values(**values).on_conflict_do_nothing().returning(refunds.c.refund_id)
    )
    return (await conn.execute(stmt)).first() is not None


async def refunded(conn: AsyncConnection, order_id: UUID) -> int:
    """Everything already refunded for an order."""
    result = await conn.execute(
        select(func.coalesce(func.sum(refunds.c.amount), 0)).where(refunds.c.order_id == order_id)
    )
    return int(result.scalar_one())


async def add_charge(conn: AsyncConnection, **values: Any) -> bool:
    """Record an extra charge; False when it was already recorded."""
    stmt = (
        pg_insert(charges).values(**values).on_conflict_do_nothing().returning(charges.c.charge_id)
    )
    return (await conn.execute(stmt)).first() is not None


async def unbilled_charges(conn: AsyncConnection, order_id: UUID) -> list[dict[str, Any]]:
    """Charges of an order not yet on a billing."""
    rows = await conn.execute(
        select(charges)
        .where(
            charges.c.order_id == order_id,
            charges.c.billing_id.is_(None),
            charges.c.settled_at.is_(None),
        )
        .order_by(charges.c.created_at)
    )
    return [dict(r) for r in rows.mappings()]


async def mark_settled(conn: AsyncConnection, charge_id: UUID, at: datetime) -> None:
    """Record that a charge was taken from the deposit."""
    await conn.execute(
        update(charges).where(charges.c.charge_id == charge_id).values(settled_at=at)
    )


async def mark_billed(conn: AsyncConnection, charge_ids: list[UUID], billing_id: UUID) -> None:
    """Attach charges to the billing that carries them."""
    if charge_ids:
        await conn.execute(
            update(charges).where(charges.c.charge_id.in_(charge_ids)).values(billing_id=billing_id)
        )
