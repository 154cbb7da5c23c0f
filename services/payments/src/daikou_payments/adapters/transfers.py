"""The bank transfers repository: reported transfers and staff's decisions, typed in and out."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import RowMapping, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_payments.adapters.tables import transfers
from daikou_payments.domain.transfer import Transfer, TransferStatus


@dataclass
class TransferRepository:
    """Bank transfers reported for billings."""

    conn: AsyncConnection

    async def add(self, transfer: Transfer) -> None:
        """Insert a reported transfer."""
        await self.conn.execute(
            insert(transfers).values(
                transfer_id=transfer.transfer_id,
                billing_id=transfer.billing_id,
                order_id=transfer.order_id,
                customer_id=transfer.customer_id,
                currency=transfer.currency,
                amount=transfer.amount,
                payer_name=transfer.payer_name,
                transferred_on=transfer.transferred_on,
                status=transfer.status.value,
                reported_at=transfer.reported_at,
                expected_confirmation_by=transfer.expected_confirmation_by,
                **_decision(transfer),
            )
        )

    async def get(self, transfer_id: UUID, *, lock: bool = False) -> Transfer | None:
        """One transfer, or None; `lock` holds its row until the transaction ends."""
        stmt = select(transfers).where(transfers.c.transfer_id == transfer_id)
        if lock:
            stmt = stmt.with_for_update()
        row = (await self.conn.execute(stmt)).mappings().first()
        return None if row is None else _transfer_in(row)

    async def decide(self, transfer: Transfer) -> None:
        """Record staff's decision (status, amount received or reason, when and by whom)."""
        await self.conn.execute(
            update(transfers)
            .where(transfers.c.transfer_id == transfer.transfer_id)
            .values(status=transfer.status.value, **_decision(transfer))
        )

    async def listing(
        self,
        *,
        status: TransferStatus | None = None,
        billing_ids: list[UUID] | None = None,
        limit: int = 200,
    ) -> list[Transfer]:
        """Transfers, oldest report first, filtered by status and/or billings."""
        stmt = select(transfers).order_by(transfers.c.reported_at).limit(limit)
        if status is not None:
            stmt = stmt.where(transfers.c.status == status.value)
        if billing_ids is not None:
            stmt = stmt.where(transfers.c.billing_id.in_(billing_ids))
        return [_transfer_in(r) for r in (await self.conn.execute(stmt)).mappings()]


def _decision(transfer: Transfer) -> dict[str, object]:
    return {
        "amount_received": transfer.amount_received,
        "decided_at": transfer.decided_at,
        "decided_by": transfer.decided_by,
        "reason": transfer.reason,
    }


def _transfer_in(row: RowMapping) -> Transfer:
    return Transfer(
        transfer_id=row["transfer_id"],
        billing_id=row["billing_id"],
        order_id=row["order_id"],
        customer_id=row["customer_id"],
        currency=row["currency"],
        amount=row["amount"],
        payer_name=row["payer_name"],
        transferred_on=row["transferred_on"],
        status=TransferStatus(row["status"]),
        reported_at=row["reported_at"],
        expected_confirmation_by=row["expected_confirmation_by"],
        reason=row["reason"],
        amount_received=row["amount_received"],
        decided_at=row["decided_at"],
        decided_by=row["decided_by"],
    )
