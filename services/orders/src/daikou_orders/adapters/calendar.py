"""This service's copy of the business calendar, and the holds on payment deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_contracts.business_calendar import BusinessCalendar
from daikou_contracts.catalogue.payments import BusinessCalendarChanged
from daikou_orders.adapters.tables import business_calendar, order_history, payment_holds


async def load(conn: AsyncConnection) -> BusinessCalendar:
    """The calendar as last published by its owner (public holidays and weekends only before)."""
    row = (await conn.execute(select(business_calendar))).mappings().one()
    return BusinessCalendar(
        closed_dates={date.fromisoformat(k): v for k, v in row["closed_dates"].items()},
        closed_every_year={
            (int(k[:2]), int(k[3:])): v for k, v in row["closed_every_year"].items()
        },
    )


async def replace(conn: AsyncConnection, snapshot: BusinessCalendarChanged) -> bool:
    """Keep a newer snapshot; an older or repeated one changes nothing (False)."""
    result = await conn.execute(
        update(business_calendar)
        .where(business_calendar.c.id == 1, business_calendar.c.revision < snapshot.revision)
        .values(
            revision=snapshot.revision,
            closed_dates={c.day.isoformat(): c.reason for c in snapshot.closed_dates},
            closed_every_year={
                f"{c.month:02d}-{c.day:02d}": c.reason for c in snapshot.closed_every_year
            },
            changed_at=snapshot.changed_at,
        )
    )
    return bool(result.rowcount)


async def hold(conn: AsyncConnection, order_id: UUID, transfer_id: UUID, at: datetime) -> bool:
    """Record a transfer holding the order's payment deadline (False when already known)."""
    result = await conn.execute(
        insert(payment_holds)
        .values(transfer_id=transfer_id, order_id=order_id, reported_at=at)
        .on_conflict_do_nothing()
    )
    return bool(result.rowcount)


async def release(conn: AsyncConnection, transfer_id: UUID, at: datetime, outcome: str) -> bool:
    """Staff decided a transfer: its hold ends (False when it held nothing or was released)."""
    result = await conn.execute(
        update(payment_holds)
        .where(payment_holds.c.transfer_id == transfer_id, payment_holds.c.released_at.is_(None))
        .values(released_at=at, outcome=outcome)
    )
    return bool(result.rowcount)


async def open_holds(conn: AsyncConnection, order_id: UUID) -> int:
    """How many reported transfers still hold the order's payment deadline."""
    stmt = (
        select(func.count())
        .select_from(payment_holds)
        .where(payment_holds.c.order_id == order_id, payment_holds.c.released_at.is_(None))
    )
    return int(await conn.scalar(stmt) or 0)


async def hold_state(conn: AsyncConnection, order_id: UUID) -> tuple[datetime | None, bool]:
    """When the earliest waiting report began to hold the deadline, and whether any was decided."""
    h = payment_holds.c
    stmt = select(
        func.min(h.reported_at).filter(h.released_at.is_(None)),
        func.count().filter(h.released_at.is_not(None)),
    ).where(h.order_id == order_id)
    since, decided = (await conn.execute(stmt)).one()
    return since, bool(decided)


async def entered(
    conn: AsyncConnection, order_ids: list[UUID], status: str
) -> dict[UUID, datetime]:
    """When each order last moved into `status` (orders that never did are absent)."""
    if not order_ids:
        return {}
    stmt = (
        select(order_history.c.order_id, func.max(order_history.c.at))
        .where(
            order_history.c.order_id.in_(order_ids),
            order_history.c.what == "status",
            order_history.c.to_status == status,
        )
        .group_by(order_history.c.order_id)
    )
    return {row[0]: row[1] for row in await conn.execute(stmt)}


@dataclass(frozen=True)
class CalendarRepository:
    """The functions above on one unit of work's connection (the use cases' `CalendarStore`)."""

    conn: AsyncConnection

    async def load(self) -> BusinessCalendar:
        """The calendar as last published by its owner."""
        return await load(self.conn)

    async def replace(self, snapshot: BusinessCalendarChanged) -> bool:
        """Keep a newer snapshot; an older or repeated one changes nothing (False)."""
        return await replace(self.conn, snapshot)

    async def hold(self, order_id: UUID, transfer_id: UUID, at: datetime) -> bool:
        """Record a transfer holding the order's payment deadline (False when already known)."""
        return await hold(self.conn, order_id, transfer_id, at)

    async def release(self, transfer_id: UUID, at: datetime, outcome: str) -> bool:
        """A transfer was decided: its hold ends (False when it held nothing or was released)."""
        return await release(self.conn, transfer_id, at, outcome)

    async def open_holds(self, order_id: UUID) -> int:
        """How many reported transfers still hold the order's payment deadline."""
        return await open_holds(self.conn, order_id)

    async def hold_state(self, order_id: UUID) -> tuple[datetime | None, bool]:
        """When the earliest waiting report began to hold the deadline, and whether any was decided."""
        return await hold_state(self.conn, order_id)
