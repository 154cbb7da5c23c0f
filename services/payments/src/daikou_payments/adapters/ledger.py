"""The deposit repository: one locked balance row per customer and its append-only entries."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import RowMapping, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_payments.adapters.tables import deposit_accounts, ledger_entries
from daikou_payments.domain.deposit import DepositAccount, LedgerEntry


def _entry_in(row: RowMapping) -> LedgerEntry:
    return LedgerEntry(
        entry_id=row["entry_id"],
        customer_id=row["customer_id"],
        amount=row["amount"],
        reason=row["reason"],
        balance_after=row["balance_after"],
        order_id=row["order_id"],
        billing_id=row["billing_id"],
        note=row["note"],
        created_at=row["created_at"],
    )


@dataclass
class LedgerRepository:
    """Deposit accounts (row-locked while money moves) and their ledger entries."""

    conn: AsyncConnection

    async def lock_account(self, customer_id: UUID, currency: str) -> DepositAccount:
        """The customer's account, created if missing, locked until the transaction ends."""
        await self.conn.execute(
            pg_insert(deposit_accounts)
            .values(customer_id=customer_id, currency=currency, balance=0)
            .on_conflict_do_nothing()
        )
        stmt = (
            select(deposit_accounts)
            .where(deposit_accounts.c.customer_id == customer_id)
            .with_for_update()
        )
        row = (await self.conn.execute(stmt)).mappings().one()
        return DepositAccount(row["customer_id"], row["currency"], row["balance"])

    async def append(self, account: DepositAccount, entry: LedgerEntry) -> None:
        """Record an entry and the account's new balance (the caller holds the row lock)."""
        await self.conn.execute(
            insert(ledger_entries).values(
                entry_id=entry.entry_id,
                customer_id=entry.customer_id,
                amount=entry.amount,
                reason=entry.reason,
                balance_after=entry.balance_after,
                order_id=entry.order_id,
                billing_id=entry.billing_id,
                note=entry.note,
                created_at=entry.created_at,
            )
        )
        await self.conn.execute(
            update(deposit_accounts)
            .where(deposit_accounts.c.customer_id == account.customer_id)
            .values(balance=account.balance)
        )

    async def balance(self, customer_id: UUID) -> tuple[int, str | None]:
        """The balance and currency of a customer's deposit (0 and None when it has none)."""
        stmt = select(deposit_accounts.c.balance, deposit_accounts.c.currency).where(
            deposit_accounts.c.customer_id == customer_id
        )
        row = (await self.conn.execute(stmt)).first()
        return (row[0], row[1]) if row else (0, None)

    async def entries(self, customer_id: UUID, limit: int) -> list[LedgerEntry]:
        """The latest entries of a customer, newest first."""
        found, _ = await self.page(customer_id, limit, None)
        return found

    async def page(
        self, customer_id: UUID, limit: int, before: int | None
    ) -> tuple[list[LedgerEntry], int | None]:
        """A page of entries, newest first, older than the `before` cursor; and the next cursor."""
        stmt = select(ledger_entries).where(ledger_entries.c.customer_id == customer_id)
        if before is not None:
            stmt = stmt.where(ledger_entries.c.seq < before)
        stmt = stmt.order_by(ledger_entries.c.seq.desc()).limit(limit + 1)
        rows = list((await self.conn.execute(stmt)).mappings())
        more = len(rows) > limit
        rows = rows[:limit]
        return [_entry_in(r) for r in rows], (int(rows[-1]["seq"]) if more else None)

    async def overpayments(self, order_id: UUID) -> list[LedgerEntry]:
        """Money received for an order beyond its billings and credited to the deposit."""
        stmt = (
            select(ledger_entries)
            .where(ledger_entries.c.order_id == order_id, ledger_entries.c.reason == "overpayment")
            .order_by(ledger_entries.c.seq)
        )
        return [_entry_in(r) for r in (await self.conn.execute(stmt)).mappings()]
