"""Withdrawals and deposit top-up transfers on the service's database (tables in 0005)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Table,
    Text,
    Uuid,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_payments.adapters.tables import metadata

withdrawals = Table(
    "withdrawals",
    metadata,
    Column("withdrawal_id", Uuid, primary_key=True),
    Column("customer_id", Uuid, nullable=False),
    Column("currency", Text, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("bank_account", JSONB, nullable=False),
    Column("status", Text, nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
    Column("decided_by", Uuid),
    Column("reference", Text, nullable=False),
    Column("reason", Text, nullable=False),
)

deposit_transfers = Table(
    "deposit_transfers",
    metadata,
    Column("transfer_id", Uuid, primary_key=True),
    Column("customer_id", Uuid, nullable=False),
    Column("currency", Text, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("payer_name", Text, nullable=False),
    Column("transferred_on", Date, nullable=False),
    Column("status", Text, nullable=False),
    Column("reported_at", DateTime(timezone=True), nullable=False),
    Column("amount_received", BigInteger),
    Column("decided_at", DateTime(timezone=True)),
    Column("decided_by", Uuid),
    Column("reason", Text, nullable=False),
)

KEYS = {"withdrawals": "withdrawal_id", "deposit_transfers": "transfer_id"}


def _table(name: str) -> Table:
    return withdrawals if name == "withdrawals" else deposit_transfers


async def add(conn: AsyncConnection, table: str, **values: Any) -> None:
    """Insert a withdrawal or a deposit transfer."""
    await conn.execute(insert(_table(table)).values(**values))


async def get(
    conn: AsyncConnection, table: str, row_id: UUID, *, lock: bool = False
) -> dict[str, Any] | None:
    """One row as a mapping, row-locked for the transaction when `lock`."""
    t = _table(table)
    stmt = select(t).where(t.c[KEYS[table]] == row_id)
    if lock:
        stmt = stmt.with_for_update()
    row = (await conn.execute(stmt)).mappings().first()
    return dict(row) if row else None


async def decide(conn: AsyncConnection, table: str, row_id: UUID, **values: Any) -> None:
    """Record staff's decision."""
    t = _table(table)
    await conn.execute(update(t).where(t.c[KEYS[table]] == row_id).values(**values))


async def listing(
    conn: AsyncConnection,
    table: str,
    *,
    status: str | None = None,
    customer_id: UUID | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Rows oldest first (staff's queue) or, for one customer, newest first."""
    t = _table(table)
    when = t.c.requested_at if table == "withdrawals" else t.c.reported_at
    stmt = select(t).limit(limit)
    if status is not None:
        stmt = stmt.where(t.c.status == status)
    if customer_id is not None:
        stmt = stmt.where(t.c.customer_id == customer_id).order_by(when.desc())
    else:
        stmt = stmt.order_by(when)
    return [dict(r) for r in (await conn.execute(stmt)).mappings()]


async def count_open(conn: AsyncConnection, table: str, customer_id: UUID, status: str) -> int:
    """How many of a customer's rows wait for staff."""
    t = _table(table)
    stmt = select(func.count()).where(t.c.customer_id == customer_id, t.c.status == status)
    return int((await conn.execute(stmt)).scalar_one())
