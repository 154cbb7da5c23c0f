"""The billings repository: whole billings (and their revisions) on the unit of work's connection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    RowMapping,
    Table,
    Uuid,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_contracts.catalogue.common import BillingLine
from daikou_payments.adapters.tables import billings, metadata
from daikou_payments.domain.billing import Billing, BillingRevision, BillingStatus, PaymentMethod

billing_revisions = Table(
    "billing_revisions",
    metadata,
    Column("billing_id", Uuid, primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("total", BigInteger, nullable=False),
    Column("lines", JSONB, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)


def lines_out(lines: list[BillingLine]) -> list[dict[str, object]]:
    """Billing lines as stored (JSON)."""
    return [line.model_dump(mode="json") for line in lines]


def lines_in(stored: list[dict[str, object]]) -> list[BillingLine]:
    """Billing lines from their stored JSON."""
    return [BillingLine.model_validate(line) for line in stored]


def _to_billing(row: RowMapping) -> Billing:
    return Billing(
        billing_id=row["billing_id"],
        order_id=row["order_id"],
        customer_id=row["customer_id"],
        kind=row["kind"],
        currency=row["currency"],
        lines=lines_in(row["lines"]),
        total=row["total"],
        revision=row["revision"],
        issued_at=row["issued_at"],
        status=BillingStatus(row["status"]),
        paid={
            PaymentMethod.DEPOSIT: row["paid_by_deposit"],
            PaymentMethod.TRANSFER: row["paid_by_transfer"],
            PaymentMethod.CARD: row["paid_by_card"],
        },
        paid_at=row["paid_at"],
    )


def _values(billing: Billing) -> dict[str, object]:
    return {
        "lines": lines_out(billing.lines),
        "total": billing.total,
        "revision": billing.revision,
        "status": billing.status.value,
        "paid_by_deposit": billing.paid[PaymentMethod.DEPOSIT],
        "paid_by_transfer": billing.paid[PaymentMethod.TRANSFER],
        "paid_by_card": billing.paid[PaymentMethod.CARD],
        "paid_at": billing.paid_at,
    }


@dataclass
class BillingRepository:
    """Loads and saves whole billings; each revision's lines and total are kept once."""

    conn: AsyncConnection

    async def add(self, billing: Billing) -> None:
        """Insert a new billing."""
        await self.conn.execute(
            insert(billings).values(
                billing_id=billing.billing_id,
                order_id=billing.order_id,
                customer_id=billing.customer_id,
                kind=billing.kind,
                currency=billing.currency,
                issued_at=billing.issued_at,
                **_values(billing),
            )
        )
        await self._remember_revision(billing, billing.issued_at)

    async def save(
        self, billing: Billing, *, voided_at: datetime | None = None, at: datetime | None = None
    ) -> None:
        """Write back a billing's changed state (and its revision, when new, as of `at`)."""
        when = at or voided_at or billing.paid_at or billing.issued_at
        await self._remember_revision(billing, when)
        values = _values(billing)
        if voided_at is not None:
            values["voided_at"] = voided_at
        await self.conn.execute(
            update(billings).where(billings.c.billing_id == billing.billing_id).values(**values)
        )

    async def get(self, billing_id: UUID, *, lock: bool = False) -> Billing | None:
        """One billing, row-locked for the transaction when `lock`."""
        stmt = select(billings).where(billings.c.billing_id == billing_id)
        if lock:
            stmt = stmt.with_for_update()
        row = (await self.conn.execute(stmt)).mappings().first()
        return _to_billing(row) if row else None

    async def of_order(self, order_id: UUID, *, lock: bool = False) -> list[Billing]:
        """An order's billings: 1st, 2nd, then the additional ones as issued."""
        stmt = (
            select(billings)
            .where(billings.c.order_id == order_id)
            .order_by(billings.c.kind == "additional", billings.c.kind, billings.c.issued_at)
        )
        if lock:
            stmt = stmt.with_for_update()
        return [_to_billing(r) for r in (await self.conn.execute(stmt)).mappings()]

    async def of_kind(self, order_id: UUID, kind: str, *, lock: bool = False) -> Billing | None:
        """An order's 1st or 2nd billing."""
        stmt = select(billings).where(billings.c.order_id == order_id, billings.c.kind == kind)
        if lock:
            stmt = stmt.with_for_update()
        row = (await self.conn.execute(stmt)).mappings().first()
        return _to_billing(row) if row else None

    async def revisions(self, billing_ids: list[UUID]) -> list[BillingRevision]:
        """The revisions of some billings, oldest first."""
        if not billing_ids:
            return []
        stmt = (
            select(billing_revisions)
            .where(billing_revisions.c.billing_id.in_(billing_ids))
            .order_by(billing_revisions.c.billing_id, billing_revisions.c.revision)
        )
        return [
            BillingRevision(
                billing_id=r["billing_id"],
                revision=r["revision"],
                total=r["total"],
                lines=lines_in(r["lines"]),
                recorded_at=r["recorded_at"],
            )
            for r in (await self.conn.execute(stmt)).mappings()
        ]

    async def _remember_revision(self, billing: Billing, at: datetime) -> None:
        await self.conn.execute(
            pg_insert(billing_revisions)
            .values(
                billing_id=billing.billing_id,
                revision=billing.revision,
                total=billing.total,
                lines=lines_out(billing.lines),
                recorded_at=at,
            )
            .on_conflict_do_nothing()
        )
