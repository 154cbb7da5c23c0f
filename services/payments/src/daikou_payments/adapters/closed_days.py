"""The calendar repository: the days staff closed, and the published calendar's revision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_payments.adapters.tables import business_calendar_revision, closed_days


@dataclass
class CalendarRepository:
    """Staff-managed closed days and the revision of the calendar last published."""

    conn: AsyncConnection

    async def closed_days(self) -> dict[date, str]:
        """Every staff-managed closed day and why, in date order."""
        rows = await self.conn.execute(
            select(closed_days.c.day, closed_days.c.reason).order_by(closed_days.c.day)
        )
        return {r.day: r.reason for r in rows}

    async def close(self, day: date, reason: str, at: datetime, by: str) -> None:
        """Close a day (or change why it is closed)."""
        stmt = insert(closed_days).values(day=day, reason=reason, created_at=at, created_by=by)
        await self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=[closed_days.c.day],
                set_={"reason": reason, "created_at": at, "created_by": by},
            )
        )

    async def reopen(self, day: date) -> bool:
        """Open a closed day again; False when it was not closed."""
        result = await self.conn.execute(delete(closed_days).where(closed_days.c.day == day))
        return bool(result.rowcount)

    async def next_revision(self) -> int:
        """Bump and return the calendar's revision (the row lock orders concurrent changes)."""
        stmt = (
            update(business_calendar_revision)
            .where(business_calendar_revision.c.id == 1)
            .values(revision=business_calendar_revision.c.revision + 1)
            .returning(business_calendar_revision.c.revision)
        )
        return int((await self.conn.execute(stmt)).scalar_one())

    async def published(self) -> tuple[int, str]:
        """The last published revision and its digest, locked until the transaction ends."""
        stmt = (
            select(
                business_calendar_revision.c.revision,
                business_calendar_revision.c.published_digest,
            )
            .where(business_calendar_revision.c.id == 1)
            .with_for_update()
        )
        row = (await self.conn.execute(stmt)).one()
        return int(row[0]), str(row[1])

    async def mark_published(self, digest: str) -> None:
        """Remember what the last published snapshot held."""
        await self.conn.execute(
            update(business_calendar_revision)
            .where(business_calendar_revision.c.id == 1)
            .values(published_digest=digest)
        )
