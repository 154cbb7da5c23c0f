"""Repository of messaging's order views (SQLAlchemy Core on the unit of work's connection)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import RowMapping, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_contracts.catalogue.common import OrderStatus
from daikou_messaging.adapters.tables import order_items, order_views
from daikou_messaging.domain.order_view import OrderView


class OrderViewRepository:
    """Loads and saves whole order views (the view's row and its items)."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def load(self, order_id: UUID, *, lock: bool = False) -> OrderView | None:
        """The order's view with its items, or None; `lock` holds it until the transaction ends."""
        stmt = select(order_views).where(order_views.c.order_id == order_id)
        if lock:
            stmt = stmt.with_for_update()
        row = (await self._conn.execute(stmt)).mappings().first()
        if row is None:
            return None
        items = await self._conn.execute(
            select(order_items.c.item_id, order_items.c.pre_payment).where(
                order_items.c.order_id == order_id
            )
        )
        return _view(row, {i.item_id: i.pre_payment for i in items})

    async def ensure(self, order_id: UUID, customer_id: UUID, now: datetime) -> OrderView:
        """The order's view, created empty if no fact about it arrived yet; locked."""
        await self._conn.execute(
            insert(order_views)
            .values(order_id=order_id, customer_id=customer_id, updated_at=now)
            .on_conflict_do_nothing()
        )
        view = await self.load(order_id, lock=True)
        if view is None:  # pragma: no cover - the row was just ensured in this transaction
            raise RuntimeError(f"order view {order_id} vanished")
        return view

    async def save(self, view: OrderView, now: datetime) -> None:
        """Write the view's number, status, window and items."""
        await self._conn.execute(
            update(order_views)
            .where(order_views.c.order_id == view.order_id)
            .values(
                order_number=view.order_number,
                status=view.status.value if view.status else None,
                status_changed_at=view.status_changed_at,
                ended_at=view.ended_at,
                window_closed_at=view.window_closed_at,
                updated_at=now,
            )
        )
        if view.pre_payment_items:
            stmt = insert(order_items).values(
                [
                    {"order_id": view.order_id, "item_id": item_id, "pre_payment": pre}
                    for item_id, pre in view.pre_payment_items.items()
                ]
            )
            await self._conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=[order_items.c.order_id, order_items.c.item_id],
                    set_={"pre_payment": stmt.excluded.pre_payment},
                )
            )


def _view(row: RowMapping, items: dict[UUID, bool]) -> OrderView:
    return OrderView(
        order_id=row["order_id"],
        customer_id=row["customer_id"],
        order_number=row["order_number"],
        status=OrderStatus(row["status"]) if row["status"] else None,
        status_changed_at=row["status_changed_at"],
        ended_at=row["ended_at"],
        window_closed_at=row["window_closed_at"],
        pre_payment_items=items,
    )
