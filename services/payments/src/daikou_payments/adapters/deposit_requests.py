"""The withdrawals and deposit top-up transfers repositories (tables in migration 0005)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    RowMapping,
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
from daikou_payments.adapters.transfers import TransferRows
from daikou_payments.domain.deposit_transfer import DepositTransfer
from daikou_payments.domain.transfer import TransferStatus
from daikou_payments.domain.withdrawal import Withdrawal, WithdrawalStatus

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


@dataclass
class WithdrawalRepository:
    """Customers' withdrawals and staff's decisions on them."""

    conn: AsyncConnection

    async def add(self, withdrawal: Withdrawal) -> None:
        """Insert a requested withdrawal."""
        await self.conn.execute(
            insert(withdrawals).values(
                withdrawal_id=withdrawal.withdrawal_id,
                customer_id=withdrawal.customer_id,
                currency=withdrawal.currency,
                amount=withdrawal.amount,
                bank_account=withdrawal.bank_account,
                status=withdrawal.status.value,
                requested_at=withdrawal.requested_at,
                **_withdrawal_decision(withdrawal),
            )
        )

    async def get(self, withdrawal_id: UUID, *, lock: bool = False) -> Withdrawal | None:
        """One withdrawal, row-locked for the transaction when `lock`."""
        stmt = select(withdrawals).where(withdrawals.c.withdrawal_id == withdrawal_id)
        if lock:
            stmt = stmt.with_for_update()
        row = (await self.conn.execute(stmt)).mappings().first()
        return None if row is None else _withdrawal_in(row)

    async def decide(self, withdrawal: Withdrawal) -> None:
        """Record staff's decision."""
        await self.conn.execute(
            update(withdrawals)
            .where(withdrawals.c.withdrawal_id == withdrawal.withdrawal_id)
            .values(status=withdrawal.status.value, **_withdrawal_decision(withdrawal))
        )

    async def listing(
        self,
        *,
        status: WithdrawalStatus | None = None,
        customer_id: UUID | None = None,
        limit: int = 200,
    ) -> list[Withdrawal]:
        """Oldest first (staff's queue) or, for one customer, newest first."""
        stmt = select(withdrawals).limit(limit)
        if status is not None:
            stmt = stmt.where(withdrawals.c.status == status.value)
        if customer_id is not None:
            stmt = stmt.where(withdrawals.c.customer_id == customer_id)
            stmt = stmt.order_by(withdrawals.c.requested_at.desc())
        else:
            stmt = stmt.order_by(withdrawals.c.requested_at)
        return [_withdrawal_in(r) for r in (await self.conn.execute(stmt)).mappings()]

    async def count_open(self, customer_id: UUID) -> int:
        """How many of a customer's withdrawals wait for staff."""
        stmt = select(func.count()).where(
            withdrawals.c.customer_id == customer_id,
            withdrawals.c.status == WithdrawalStatus.REQUESTED.value,
        )
        return int((await self.conn.execute(stmt)).scalar_one())


class DepositTransferRepository(TransferRows[DepositTransfer]):
    """Bank transfers customers reported to top up their deposit, and staff's decisions."""

    def __init__(self, conn: AsyncConnection) -> None:
        super().__init__(conn, deposit_transfers, DepositTransfer)

    async def listing(
        self,
        *,
        status: TransferStatus | None = None,
        customer_id: UUID | None = None,
        limit: int = 200,
    ) -> list[DepositTransfer]:
        """Oldest first (staff's queue) or, for one customer, newest first."""
        if customer_id is None:
            return await self._list(status, newest_first=False, limit=limit)
        mine = deposit_transfers.c.customer_id == customer_id
        return await self._list(status, mine, newest_first=True, limit=limit)


def _withdrawal_decision(withdrawal: Withdrawal) -> dict[str, object]:
    return {
        "decided_at": withdrawal.decided_at,
        "decided_by": withdrawal.decided_by,
        "reference": withdrawal.reference,
        "reason": withdrawal.reason,
    }


def _withdrawal_in(row: RowMapping) -> Withdrawal:
    return Withdrawal(
        withdrawal_id=row["withdrawal_id"],
        customer_id=row["customer_id"],
        currency=row["currency"],
        amount=row["amount"],
        bank_account=dict(row["bank_account"]),
        status=WithdrawalStatus(row["status"]),
        requested_at=row["requested_at"],
        decided_at=row["decided_at"],
        decided_by=row["decided_by"],
        reference=row["reference"],
        reason=row["reason"],
    )
