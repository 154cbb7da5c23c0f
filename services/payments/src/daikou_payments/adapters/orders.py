"""The order views repository: each order's customer and rate, cancellation, refunds and charges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import RowMapping, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_contracts.money import ExchangeRate
from daikou_payments.adapters.tables import charges, orders_seen, refunds
from daikou_payments.domain.order_view import Charge, OrderView, Refund


@dataclass
class OrderViewRepository:
    """What payments remembers of the orders it bills."""

    conn: AsyncConnection

    async def remember(self, order_id: UUID, customer_id: UUID, rate: ExchangeRate | None) -> None:
        """Record an order's customer (and its rate when known), keeping what is already known."""
        stored = None if rate is None else rate.model_dump(mode="json")
        stmt = pg_insert(orders_seen).values(
            order_id=order_id, customer_id=customer_id, rate=stored
        )
        if stored is not None:
            stmt = stmt.on_conflict_do_update(index_elements=["order_id"], set_={"rate": stored})
        else:
            stmt = stmt.on_conflict_do_nothing()
        await self.conn.execute(stmt)

    async def get(self, order_id: UUID, *, lock: bool = False) -> OrderView | None:
        """An order, row-locked when `lock`."""
        stmt = select(orders_seen).where(orders_seen.c.order_id == order_id)
        if lock:
            stmt = stmt.with_for_update()
        row = (await self.conn.execute(stmt)).mappings().first()
        if row is None:
            return None
        rate = None if row["rate"] is None else ExchangeRate.model_validate(row["rate"])
        return OrderView(row["order_id"], row["customer_id"], rate, row["cancelled_at"])

    async def mark_cancelled(self, order_id: UUID, at: datetime) -> None:
        """Record the order's cancellation."""
        await self.conn.execute(
            update(orders_seen).where(orders_seen.c.order_id == order_id).values(cancelled_at=at)
        )

    async def add_refund(self, refund: Refund) -> bool:
        """Record a refund; False when this item's refund was already recorded."""
        stmt = (
            pg_insert(refunds)
            .values(
                refund_id=refund.refund_id,
                order_id=refund.order_id,
                customer_id=refund.customer_id,
                item_id=refund.item_id,
                amount=refund.amount,
                reason=refund.reason,
                created_at=refund.created_at,
                kind=refund.kind,
            )
            .on_conflict_do_nothing()
            .returning(refunds.c.refund_id)
        )
        return (await self.conn.execute(stmt)).first() is not None

    async def refunded(self, order_id: UUID) -> int:
        """Everything already refunded for an order."""
        result = await self.conn.execute(
            select(func.coalesce(func.sum(refunds.c.amount), 0)).where(
                refunds.c.order_id == order_id
            )
        )
        return int(result.scalar_one())

    async def refunds(self, order_id: UUID) -> list[Refund]:
        """Every refund of an order, oldest first."""
        stmt = select(refunds).where(refunds.c.order_id == order_id).order_by(refunds.c.created_at)
        return [_refund_in(r) for r in (await self.conn.execute(stmt)).mappings()]

    async def add_charge(self, charge: Charge) -> bool:
        """Record an extra charge; False when it was already recorded."""
        stmt = (
            pg_insert(charges)
            .values(
                charge_id=charge.charge_id,
                order_id=charge.order_id,
                item_id=charge.item_id,
                amount=charge.amount,
                description=charge.description,
                created_at=charge.created_at,
                billing_id=charge.billing_id,
                settled_at=charge.settled_at,
            )
            .on_conflict_do_nothing()
            .returning(charges.c.charge_id)
        )
        return (await self.conn.execute(stmt)).first() is not None

    async def charges(self, order_id: UUID, *, pending_only: bool = False) -> list[Charge]:
        """An order's extra costs (only those not yet billed nor settled), oldest first."""
        stmt = select(charges).where(charges.c.order_id == order_id)
        if pending_only:
            stmt = stmt.where(charges.c.billing_id.is_(None), charges.c.settled_at.is_(None))
        stmt = stmt.order_by(charges.c.created_at)
        return [_charge_in(r) for r in (await self.conn.execute(stmt)).mappings()]

    async def mark_settled(self, charge_id: UUID, at: datetime) -> None:
        """Record that a charge was taken from the deposit."""
        await self.conn.execute(
            update(charges).where(charges.c.charge_id == charge_id).values(settled_at=at)
        )

    async def mark_billed(self, charge_ids: list[UUID], billing_id: UUID) -> None:
        """Attach charges to the billing that carries them."""
        if charge_ids:
            await self.conn.execute(
                update(charges)
                .where(charges.c.charge_id.in_(charge_ids))
                .values(billing_id=billing_id)
            )


def _refund_in(row: RowMapping) -> Refund:
    return Refund(
        refund_id=row["refund_id"],
        order_id=row["order_id"],
        customer_id=row["customer_id"],
        item_id=row["item_id"],
        amount=row["amount"],
        reason=row["reason"],
        created_at=row["created_at"],
        kind=row["kind"] or "other",
    )


def _charge_in(row: RowMapping) -> Charge:
    return Charge(
        charge_id=row["charge_id"],
        order_id=row["order_id"],
        item_id=row["item_id"],
        amount=row["amount"],
        description=row["description"],
        created_at=row["created_at"],
        billing_id=row["billing_id"],
        settled_at=row["settled_at"],
    )
