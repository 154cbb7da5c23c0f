"""The bank transfers repositories: reported transfers and staff's decisions, typed in and out.

Transfers for billings (`Transfer`) and top-ups of the deposit (`DepositTransfer`) are kept the
same way, each in a table of its own whose columns are its type's fields: `TransferRows` is that
one implementation, and each repository adds how its transfers are listed.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Generic, TypeVar
from uuid import UUID

from sqlalchemy import ColumnElement, RowMapping, Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_payments.adapters.tables import transfers
from daikou_payments.domain.deposit_transfer import DepositTransfer
from daikou_payments.domain.transfer import Transfer, TransferStatus

T = TypeVar("T", Transfer, DepositTransfer)


class TransferRows(Generic[T]):
    """Reported transfers of one kind in their table: added, read, decided and listed."""

    def __init__(self, conn: AsyncConnection, table: Table, kind: type[T]) -> None:
        self.conn = conn
        self.table = table
        self.kind: type[T] = kind

    async def add(self, transfer: T) -> None:
        """Insert a reported transfer."""
        values = {**asdict(transfer), "status": transfer.status.value}
        await self.conn.execute(insert(self.table).values(**values))

    async def get(self, transfer_id: UUID, *, lock: bool = False) -> T | None:
        """One transfer, or None; `lock` holds its row until the transaction ends."""
        stmt = select(self.table).where(self.table.c.transfer_id == transfer_id)
        if lock:
            stmt = stmt.with_for_update()
        row = (await self.conn.execute(stmt)).mappings().first()
        return None if row is None else self._in(row)

    async def decide(self, transfer: T) -> None:
        """Record staff's decision (status, amount received or reason, when and by whom)."""
        await self.conn.execute(
            update(self.table)
            .where(self.table.c.transfer_id == transfer.transfer_id)
            .values(
                status=transfer.status.value,
                amount_received=transfer.amount_received,
                decided_at=transfer.decided_at,
                decided_by=transfer.decided_by,
                reason=transfer.reason,
            )
        )

    async def _list(
        self,
        status: TransferStatus | None,
        *where: ColumnElement[bool],
        newest_first: bool,
        limit: int,
    ) -> list[T]:
        """Transfers (of one status) matching `where`, by the time they were reported."""
        c = self.table.c
        if status is not None:
            where = (c.status == status.value, *where)
        stmt = (
            select(self.table)
            .where(*where)
            .order_by(c.reported_at.desc() if newest_first else c.reported_at)
            .limit(limit)
        )
        return [self._in(r) for r in (await self.conn.execute(stmt)).mappings()]

    def _in(self, row: RowMapping) -> T:
        return self.kind(**{**row, "status": TransferStatus(row["status"])})


class TransferRepository(TransferRows[Transfer]):
    """Bank transfers reported for billings."""

    def __init__(self, conn: AsyncConnection) -> None:
        super().__init__(conn, transfers, Transfer)

    async def listing(
        self,
        *,
        status: TransferStatus | None = None,
        billing_ids: list[UUID] | None = None,
        limit: int = 200,
    ) -> list[Transfer]:
        """Transfers, oldest report first, filtered by status and/or billings."""
        of_billings = [] if billing_ids is None else [transfers.c.billing_id.in_(billing_ids)]
        return await self._list(status, *of_billings, newest_first=False, limit=limit)
