"""The deposit: one locked balance row per customer and its append-only ledger entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_payments.adapters.tables import deposit_accounts, ledger_entries
from daikou_payments.domain.deposit import DepositAccount


@dataclass(frozen=True)
class Entry:
    """One ledger entry: a signed amount and the balance after it."""

    entry_id: UUID
    customer_id: UUID
    amount: int
    reason: str
    balance_after: int
    order_id: UUID | None
    billing_id: UUID | None
    note: str
    created_at: datetime


async def lock_account(conn: AsyncConnection, customer_id: UUID, currency: str) -> DepositAccount:
    """The customer's account, created if missing, locked until the transaction ends."""
    await conn.execute(
        pg_insert(deposit_accounts)
        .values(customer_id=customer_id, currency=currency, balance=0)
        .on_conflict_do_nothing()
    )
    row = (
        (
            await conn.execute(
                select(deposit_accounts)
                .where(deposit_accounts.c.customer_id == customer_id)
                .with_for_update()
            )
        )
        .mappings()
        .one()
    )
    return DepositAccount(row["customer_id"], row["currency"], row["balance"])


async def append(conn: AsyncConnection, account: DepositAccount, entry: Entry) -> None:
    """Record an entry and the account's new balance (the caller holds the row lock)."""
    await conn.execute(insert(ledger_entries).values(**entry.__dict__))
    await conn.execute(
        update(deposit_accounts)
        .where(deposit_accounts.c.customer_id == account.customer_id)
        .values(balance=account.balance)
    )


async def balance(conn: AsyncConnection, customer_id: UUID) -> tuple[int, str | None]:
    """The balance and currency of a customer's deposit (0 and None when it has none)."""
    row = (
        await conn.execute(
            select(deposit_accounts.c.balance, deposit_accounts.c.currency).where(
                deposit_accounts.c.customer_id == customer_id
            )
        )
    ).first()
    return (row[0], row[1]) if row else (0, None)


async def entries(conn: AsyncConnection, customer_id: UUID, limit: int) -> list[Entry]:
    """The latest entries of a customer, newest first."""
    rows = (
        await conn.execute(
            select(ledger_entries)
            .where(ledger_entries.c.customer_id == customer_id)
            .order_by(ledger_entries.c.seq.desc())
            .limit(limit)
        )
    ).mappings()
    return [Entry(**{k: v for k, v in r.items() if k != "seq"}) for r in rows]


async def entries_sum(conn: AsyncConnection, customer_id: UUID) -> int:
    """The sum of every entry of a customer (equals the balance)."""
    result = await conn.execute(
        select(func.coalesce(func.sum(ledger_entries.c.amount), 0)).where(
            ledger_entries.c.customer_id == customer_id
        )
    )
    return int(result.scalar_one())


async def page(
    conn: AsyncConnection, customer_id: UUID, limit: int, before: int | None
) -> tuple[list[Entry], int | None]:
    """A page of entries, newest first, older than the `before` cursor; and the next cursor."""
    stmt = select(ledger_entries).where(ledger_entries.c.customer_id == customer_id)
    if before is not None:
        stmt = stmt.where(ledger_entries.c.seq < before)
    stmt = stmt.order_by(ledger_entries.c.seq.desc()).limit(limit + 1)
    rows = list((await conn.execute(stmt)).mappings())
    more = len(rows) > limit
    rows = rows[:limit]
    found = [Entry(**{k: v for k, v in r.items() if k != "seq"}) for r in rows]
    return found, (int(rows[-1]["seq"]) if more else None)
