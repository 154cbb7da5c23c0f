"""What an order's money statement reads: refunds, charges and deposit credits of one order."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_payments.adapters.tables import charges, ledger_entries, refunds


async def refunds_of(conn: AsyncConnection, order_id: UUID) -> list[dict[str, Any]]:
    """Every refund of an order, oldest first."""
    stmt = select(refunds).where(refunds.c.order_id == order_id).order_by(refunds.c.created_at)
    return [dict(r) for r in (await conn.execute(stmt)).mappings()]


async def charges_of(conn: AsyncConnection, order_id: UUID) -> list[dict[str, Any]]:
    """Every extra cost of an order, oldest first."""
    stmt = select(charges).where(charges.c.order_id == order_id).order_by(charges.c.created_at)
    return [dict(r) for r in (await conn.execute(stmt)).mappings()]


async def overpayments_of(conn: AsyncConnection, order_id: UUID) -> list[dict[str, Any]]:
    """Money received for the order beyond its billings and credited to the deposit."""
    stmt = (
        select(ledger_entries)
        .where(ledger_entries.c.order_id == order_id, ledger_entries.c.reason == "overpayment")
        .order_by(ledger_entries.c.seq)
    )
    return [dict(r) for r in (await conn.execute(stmt)).mappings()]
