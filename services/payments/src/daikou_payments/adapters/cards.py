"""The card payments repository: PayPal orders created for billings, typed in and out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import RowMapping, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_payments.adapters.tables import card_payments
from daikou_payments.domain.card_payment import CAPTURED, CREATED, CardPayment


@dataclass
class CardRepository:
    """Card payments, by their PayPal order id."""

    conn: AsyncConnection

    async def add(self, card: CardPayment) -> None:
        """Record a created PayPal order."""
        await self.conn.execute(
            insert(card_payments).values(
                paypal_order_id=card.paypal_order_id,
                billing_id=card.billing_id,
                customer_id=card.customer_id,
                currency=card.currency,
                amount=card.amount,
                fee=card.fee,
                approve_url=card.approve_url,
                status=card.status,
                capture_id=card.capture_id,
                created_at=card.created_at,
                captured_at=card.captured_at,
            )
        )

    async def get(self, paypal_order_id: str, *, lock: bool = False) -> CardPayment | None:
        """One card payment by its PayPal order id."""
        stmt = select(card_payments).where(card_payments.c.paypal_order_id == paypal_order_id)
        if lock:
            stmt = stmt.with_for_update()
        row = (await self.conn.execute(stmt)).mappings().first()
        return None if row is None else _card_in(row)

    async def open_for(self, billing_id: UUID, amount: int) -> CardPayment | None:
        """An uncaptured PayPal order of a billing for exactly `amount` (reused on retries)."""
        stmt = (
            select(card_payments)
            .where(
                card_payments.c.billing_id == billing_id,
                card_payments.c.status == CREATED,
                card_payments.c.amount == amount,
            )
            .order_by(card_payments.c.created_at.desc())
        )
        row = (await self.conn.execute(stmt)).mappings().first()
        return None if row is None else _card_in(row)

    async def of_billings(self, billing_ids: list[UUID]) -> list[CardPayment]:
        """The card payments of some billings."""
        if not billing_ids:
            return []
        stmt = (
            select(card_payments)
            .where(card_payments.c.billing_id.in_(billing_ids))
            .order_by(card_payments.c.created_at)
        )
        return [_card_in(r) for r in (await self.conn.execute(stmt)).mappings()]

    async def mark_captured(self, paypal_order_id: str, capture_id: str, at: datetime) -> None:
        """Record the capture."""
        await self.conn.execute(
            update(card_payments)
            .where(card_payments.c.paypal_order_id == paypal_order_id)
            .values(status=CAPTURED, capture_id=capture_id, captured_at=at)
        )


def _card_in(row: RowMapping) -> CardPayment:
    return CardPayment(
        paypal_order_id=row["paypal_order_id"],
        billing_id=row["billing_id"],
        customer_id=row["customer_id"],
        currency=row["currency"],
        amount=row["amount"],
        fee=row["fee"],
        approve_url=row["approve_url"],
        status=row["status"],
        created_at=row["created_at"],
        capture_id=row["capture_id"],
        captured_at=row["captured_at"],
    )
