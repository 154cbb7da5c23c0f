"""The business calendar this service owns: staff close and reopen days; every change is published.

The configured calendar (`CLOSED_DAYS_FILE`: yearly closures and fixed dates) is the base; the days
staff close through the API are added to it. Each change publishes the whole set of closed days
(`BusinessCalendarChanged`, with a revision that only grows) so other services replace their copy.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

from daikou_contracts.catalogue.payments import (
    BusinessCalendarChanged,
    ClosedAnnualDay,
    ClosedDate,
)
from daikou_kit.actors import Actor
from daikou_kit.errors import Conflict, InvalidInput, NotFound
from daikou_kit.unit_of_work import UnitOfWork
from daikou_payments.adapters import closed_days
from daikou_payments.application.access import ensure_staff
from daikou_payments.domain.calendar import JST, BusinessCalendar


async def current(uow: UnitOfWork, base: BusinessCalendar) -> BusinessCalendar:
    """The configured calendar with the days staff closed."""
    added = {row["day"]: row["reason"] for row in await closed_days.listing(uow.conn)}
    return replace(base, closed_dates={**base.closed_dates, **added})


async def staff_days(
    uow: UnitOfWork, actor: Actor, base: BusinessCalendar
) -> list[dict[str, object]]:
    """Every closed day that is not a public holiday or weekend: configured ones and staff's."""
    ensure_staff(actor)
    rows = await closed_days.listing(uow.conn)
    days: list[dict[str, object]] = [
        {"date": day, "reason": why, "source": "configured"}
        for day, why in sorted(base.closed_dates.items())
    ]
    days += [{"date": r["day"], "reason": r["reason"], "source": "staff"} for r in rows]
    return sorted(days, key=lambda d: str(d["date"]))


async def close_day(
    uow: UnitOfWork, actor: Actor, day: date, reason: str, base: BusinessCalendar
) -> BusinessCalendar:
    """Staff close a day (from today on); the new calendar is published."""
    ensure_staff(actor)
    if day < uow.clock.now().astimezone(JST).date():
        raise InvalidInput("a day in the past cannot be closed", code="past_day")
    if day in base.closed_dates:
        raise Conflict("the day is closed by the configured calendar", code="configured_day")
    revision = await closed_days.next_revision(uow.conn)  # locks: changes publish in order
    await closed_days.put(
        uow.conn, day, reason, uow.clock.now(), f"{actor.role.value}:{actor.user_id}"
    )
    return await _publish(uow, base, revision)


async def open_day(
    uow: UnitOfWork, actor: Actor, day: date, base: BusinessCalendar
) -> BusinessCalendar:
    """Staff reopen a day they closed; the new calendar is published."""
    ensure_staff(actor)
    if day in base.closed_dates:
        raise Conflict("the day is closed by the configured calendar", code="configured_day")
    revision = await closed_days.next_revision(uow.conn)
    if not await closed_days.remove(uow.conn, day):
        raise NotFound(f"{day} is not a closed day")
    return await _publish(uow, base, revision)


async def _publish(uow: UnitOfWork, base: BusinessCalendar, revision: int) -> BusinessCalendar:
    calendar = await current(uow, base)
    event = snapshot(calendar, revision, uow)
    uow.emit(event)
    await closed_days.mark_published(uow.conn, digest(event))
    return calendar


async def publish_if_changed(uow: UnitOfWork, base: BusinessCalendar) -> bool:
    """At start-up: publish the calendar when it differs from the last snapshot published (a new
    installation, or a changed `CLOSED_DAYS_FILE`), so every copy holds the configured closures."""
    _, last = await closed_days.published(uow.conn)  # locked: one replica publishes
    calendar = await current(uow, base)
    if digest(snapshot(calendar, 1, uow)) == last:
        return False
    await _publish(uow, base, await closed_days.next_revision(uow.conn))
    return True


def digest(event: BusinessCalendarChanged) -> str:
    """What a snapshot holds (its days and reasons, not its revision or time)."""
    content = event.model_dump_json(include={"closed_dates", "closed_every_year"})
    return hashlib.sha256(content.encode()).hexdigest()


def snapshot(calendar: BusinessCalendar, revision: int, uow: UnitOfWork) -> BusinessCalendarChanged:
    """The event that carries the whole set of the service's closed days."""
    return BusinessCalendarChanged(
        revision=revision,
        closed_dates=[
            ClosedDate(day=day, reason=why[:200])
            for day, why in sorted(calendar.closed_dates.items())
        ],
        closed_every_year=[
            ClosedAnnualDay(month=m, day=d, reason=why[:200])
            for (m, d), why in sorted(calendar.closed_every_year.items())
        ],
        changed_at=uow.clock.now(),
    )
