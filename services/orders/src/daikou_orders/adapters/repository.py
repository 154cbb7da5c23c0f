"""The orders repository: SQLAlchemy Core on the unit of work's connection; it never commits."""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

import asyncpg
from sqlalchemy import Uuid, any_, bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.orders import ReceptionResult
from daikou_kit.errors import Conflict
from daikou_kit.statements import Prepared, driver
from daikou_orders.adapters import codec
from daikou_orders.adapters.tables import order_history, order_items, orders, reception_reports
from daikou_orders.domain.model import Item, Order
from daikou_orders.domain.reception import ReceptionReport

# An order's aggregate is loaded by every request and message about it: its statements are
# prepared once and run on asyncpg itself (daikou_kit.statements), each with the order id alone.
_BY_ID = orders.c.order_id == bindparam("order_id")
_ORDER = Prepared(select(orders).where(_BY_ID))
_ORDER_FOR_UPDATE = Prepared(select(orders).where(_BY_ID).with_for_update())
_ITEMS = Prepared(
    select(order_items)
    .where(order_items.c.order_id == bindparam("order_id"))
    .order_by(order_items.c.position)
)
_HISTORY = Prepared(
    select(order_history)
    .where(order_history.c.order_id == bindparam("order_id"))
    .order_by(order_history.c.entry_id)
)
_IDS = bindparam("ids", type_=ARRAY(Uuid))
_MANY = Prepared(select(orders).where(orders.c.order_id == any_(_IDS)))
_MANY_ITEMS = Prepared(
    select(order_items).where(order_items.c.order_id == any_(_IDS)).order_by(order_items.c.position)
)
_REPORT = Prepared(
    select(reception_reports).where(reception_reports.c.order_id == bindparam("order_id"))
)

_INSERT_HISTORY = Prepared(
    insert(order_history),
    *("order_id", "at", "actor", "what", "from_status", "to_status", "reason", "item_id"),
)


@functools.cache
def _update_order(columns: tuple[str, ...]) -> Prepared:
    """Save an order's state (`columns`, with its new version) if its version is still the one
    loaded; the WHERE's parameters are `b_order_id` and `b_version`."""
    where = (
        orders.c.order_id == bindparam("b_order_id"),
        orders.c.version == bindparam("b_version"),
    )
    return Prepared(update(orders).where(*where), "version", "updated_at", *columns)


@functools.cache
def _update_item(columns: tuple[str, ...]) -> Prepared:
    """Save an item's mutable `columns` (the first is `b_item_id`, the item's id)."""
    where = order_items.c.item_id == bindparam("b_item_id")
    return Prepared(update(order_items).where(where), *columns[1:])


class StaleOrder(Conflict):
    """The order changed since it was loaded (a concurrent writer won); retrying helps."""


@dataclass
class OrderRepository:
    """Loads and saves whole order aggregates."""

    conn: AsyncConnection
    _versions: dict[UUID, int] = field(default_factory=dict)
    _connection: asyncpg.Connection | None = field(default=None, repr=False)

    async def add(self, order: Order, now: datetime) -> None:
        """Insert a new order with its items and history."""
        await self.conn.execute(
            insert(orders).values(
                order_id=order.order_id,
                order_number=order.order_number,
                customer_id=order.customer_id,
                address=order.address.model_dump(mode="json"),
                shipping_preference=order.shipping_preference,
                placed_at=order.placed_at,
                updated_at=now,
                version=1,
                **codec.order_values(order),
            )
        )
        await self.conn.execute(
            insert(order_items),
            [
                {
                    "item_id": i.item_id,
                    "order_id": order.order_id,
                    "position": i.position,
                    "marketplace": i.marketplace.value,
                    "url": i.url,
                    "title": i.title,
                    "options": i.options,
                    "expected_unit_price": codec.money_out(i.expected_unit_price),
                    **codec.item_values(i),
                }
                for i in order.items
            ],
        )
        await self._insert_history(order)
        self._versions[order.order_id] = 1

    async def get(self, order_id: UUID, *, for_update: bool = False) -> Order | None:
        """The order, or None; `for_update` locks its row until the transaction ends."""
        connection = await self._driver()
        args = [order_id]
        row = await connection.fetchrow((_ORDER_FOR_UPDATE if for_update else _ORDER).sql, *args)
        if row is None:
            return None
        self._versions[order_id] = row["version"]
        item_rows = await connection.fetch(_ITEMS.sql, *args)
        history_rows = await connection.fetch(_HISTORY.sql, *args)
        return codec.order_in(
            row,
            [codec.item_in(r) for r in item_rows],
            [codec.history_in(r) for r in history_rows],
        )

    async def _driver(self) -> asyncpg.Connection:
        if self._connection is None:
            self._connection = await driver(self.conn)
        return self._connection

    async def get_many(self, order_ids: list[UUID]) -> list[Order]:
        """Orders with their items (no history), in the order of `order_ids`."""
        if not order_ids:
            return []
        connection = await self._driver()
        rows = await connection.fetch(_MANY.sql, order_ids)
        items: dict[UUID, list[Item]] = {}
        for r in await connection.fetch(_MANY_ITEMS.sql, order_ids):
            items.setdefault(r["order_id"], []).append(codec.item_in(r))
        by_id = {r["order_id"]: codec.order_in(r, items.get(r["order_id"], []), []) for r in rows}
        return [by_id[i] for i in order_ids if i in by_id]

    async def save(self, order: Order, now: datetime) -> None:
        """Write back a loaded order; StaleOrder if someone else changed it meanwhile."""
        version = self._versions[order.order_id]
        values = codec.order_values(order)
        statement = _update_order(tuple(values))
        row = {"b_order_id": order.order_id, "b_version": version, **values}
        row.update(version=version + 1, updated_at=now)
        connection = await self._driver()
        if await connection.execute(statement.sql, *statement.args(row)) != "UPDATE 1":
            raise StaleOrder(
                f"order {order.order_id} changed concurrently; try again", code="stale_order"
            )
        self._versions[order.order_id] = version + 1
        items = [{"b_item_id": i.item_id, **codec.item_values(i)} for i in order.items]
        if items:
            await _update_item(tuple(items[0])).run_many(connection, items)
        await self._insert_history(order)

    async def _insert_history(self, order: Order) -> None:
        if not order.new_history:
            return
        rows = [
            {
                "order_id": order.order_id,
                "at": e.at,
                "actor": e.actor,
                "what": e.what,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "reason": e.reason,
                "item_id": e.item_id,
            }
            for e in order.new_history
        ]
        await _INSERT_HISTORY.run_many(await self._driver(), rows)
        order.new_history.clear()

    async def list_ids(
        self,
        *,
        customer_id: UUID | None,
        statuses: Collection[OrderStatus] | None,
        limit: int,
        offset: int,
    ) -> tuple[list[UUID], int]:
        """Order ids, newest first, and how many match in all."""
        conditions = []
        if customer_id is not None:
            conditions.append(orders.c.customer_id == customer_id)
        if statuses is not None:
            conditions.append(orders.c.status.in_([s.value for s in statuses]))
        ids = await self.conn.execute(
            select(orders.c.order_id)
            .where(*conditions)
            .order_by(orders.c.placed_at.desc(), orders.c.order_id)
            .limit(limit)
            .offset(offset)
        )
        count = await self.conn.scalar(select(func.count()).select_from(orders).where(*conditions))
        return [r.order_id for r in ids], int(count or 0)

    async def add_report(self, report: ReceptionReport) -> None:
        """Store a reception report."""
        await self.conn.execute(
            insert(reception_reports).values(
                order_id=report.order_id,
                customer_id=report.customer_id,
                result=report.result.value,
                comment=report.comment,
                public=report.public,
                attachment_ids=[str(a) for a in report.attachment_ids],
                reported_at=report.reported_at,
            )
        )

    async def get_report(self, order_id: UUID) -> ReceptionReport | None:
        """The order's reception report, if any."""
        row = await (await self._driver()).fetchrow(_REPORT.sql, order_id)
        return None if row is None else _report_in(row)

    async def recent_feedback(self, limit: int) -> list[ReceptionReport]:
        """The latest public comments of reports without a problem."""
        rows = await self.conn.execute(
            select(reception_reports)
            .where(
                reception_reports.c.public,
                reception_reports.c.result == "ok",
                reception_reports.c.comment != "",
            )
            .order_by(reception_reports.c.reported_at.desc())
            .limit(limit)
        )
        return [_report_in(r) for r in rows.mappings()]


def _report_in(row: codec.Row) -> ReceptionReport:
    return ReceptionReport(
        order_id=row["order_id"],
        customer_id=row["customer_id"],
        result=ReceptionResult(row["result"]),
        comment=row["comment"],
        public=row["public"],
        attachment_ids=[UUID(a) for a in row["attachment_ids"]],
        reported_at=row["reported_at"],
    )
