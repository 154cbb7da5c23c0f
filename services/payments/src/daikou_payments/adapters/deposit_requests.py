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


@dataclass
class DepositTransferRepository:
    """Bank transfers customers reported to top up their deposit, and staff's decisions."""

    conn: AsyncConnection

    async def add(self, transfer: DepositTransfer) -> None:
        """Insert a reported top-up transfer."""
        await self.conn.execute(
            insert(deposit_transfers).values(
                transfer_id=transfer.transfer_id,
                customer_id=transfer.customer_id,
                currency=transfer.currency,
                amount=transfer.amount,
                payer_name=transfer.payer_name,
                transferred_on=transfer.transferred_on,
                status=transfer.status.value,
                reported_at=transfer.reported_at,
                **_transfer_decision(transfer),
            )
        )

    async def get(self, transfer_id: UUID, *, lock: bool = False) -> DepositTransfer | None:
        """One top-up transfer, row-locked for the transaction when `lock`."""
        stmt = select(deposit_transfers).where(deposit_transfers.c.transfer_id == transfer_id)
        if lock:
            stmt = stmt.with_for_update()
        row = (await self.conn.execute(stmt)).mappings().first()
        return None if row is None else _transfer_in(row)

    async def decide(self, transfer: DepositTransfer) -> None:
        """Record staff's decision."""
        await self.conn.execute(
            update(deposit_transfers)
            .where(deposit_transfers.c.transfer_id == transfer.transfer_id)
            .values(status=transfer.status.value, **_transfer_decision(transfer))
        )

    async def listing(
        self,
        *,
        status: TransferStatus | None = None,
        customer_id: UUID | None = None,
        limit: int = 200,
    ) -> list[DepositTransfer]:
        """Oldest first (staff's queue) or, for one customer, newest first."""
        stmt = select(deposit_transfers).limit(limit)
        if status is not None:
            stmt = stmt.where(deposit_transfers.c.status == status.value)
        if customer_id is not None:
            stmt = stmt.where(deposit_transfers.c.customer_id == customer_id)
            stmt = stmt.order_by(deposit_transfers.c.reported_at.desc())
        else:
            stmt = stmt.order_by(deposit_transfers.c.reported_at)
        return [_transfer_in(r) for r in (await self.conn.execute(stmt)).mappings()]


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


def _transfer_decision(transfer: DepositTransfer) -> dict[str, object]:
    return {
        "amount_received": transfer.amount_received,
        "decided_at": transfer.decided_at,
        "decided_by": transfer.decided_by,
        "reason": transfer.reason,
    }


def _transfer_in(row: RowMapping) -> DepositTransfer:
    return DepositTransfer(
        transfer_id=row["transfer_id"],
        customer_id=row["customer_id"],
        currency=row["currency"],
        amount=row["amount"],
        payer_name=row["payer_name"],
        transferred_on=row["transferred_on"],
        status=TransferStatus(row["status"]),
        reported_at=row["reported_at"],
        amount_received=row["amount_received"],
        decided_at=row["decided_at"],
        decided_by=row["decided_by"],
        reason=row["reason"],
    )
