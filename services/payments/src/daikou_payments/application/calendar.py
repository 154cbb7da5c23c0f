"""The business calendar this service owns: staff close and reopen days; every change is published.

The configured calendar (`CLOSED_DAYS_FILE`: yearly closures and fixed dates) is the base; the days
staff close through the API are added to it. Each change publishes the whole set of closed days
(`BusinessCalendarChanged`, with a revision that only grows) so other services replace their copy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from daikou_contracts.catalogue.payments import (
    BusinessCalendarChanged,
    ClosedAnnualDay,
    ClosedDate,
)
from daikou_kit.actors import Actor
from daikou_kit.errors import Conflict, InvalidInput, NotFound
from daikou_payments.application.access import ensure_staff
from daikou_payments.application.ports import PaymentsUnit
from daikou_payments.domain.calendar import JST, BusinessCalendar


async def current(uow: PaymentsUnit, base: BusinessCalendar) -> BusinessCalendar:
    """The configured calendar with the days staff closed."""
    added = await uow.calendar.closed_days()
    return replace(base, closed_dates={**base.closed_dates, **added})


@dataclass(frozen=True)
class ClosedDay:
    """A day the business is closed on, why, and where it comes from (configured, or staff)."""

    day: date
    reason: str
    source: Literal["configured", "staff"]


async def staff_days(uow: PaymentsUnit, actor: Actor, base: BusinessCalendar) -> list[ClosedDay]:
    """Every closed day that is not a public holiday or weekend: configured ones and staff's."""
    ensure_staff(actor)
    staff = await uow.calendar.closed_days()
    days = [ClosedDay(day, why, "configured") for day, why in base.closed_dates.items()]
    days += [ClosedDay(day, why, "staff") for day, why in staff.items()]
    return sorted(days, key=lambda d: d.day)


async def close_day(
    uow: PaymentsUnit, actor: Actor, day: date, reason: str, base: BusinessCalendar
) -> BusinessCalendar:
    """Staff close a day (from today on); the new calendar is published."""
    ensure_staff(actor)
    if day < uow.clock.now().astimezone(JST).date():
        raise InvalidInput("a day in the past cannot be closed", code="past_day")
    if day in base.closed_dates:
        raise Conflict("the day is closed by the configured calendar", code="configured_day")
    revision = await uow.calendar.next_revision()  # locks: changes publish in order
    by = f"{actor.role.value}:{actor.user_id}"
    await uow.calendar.close(day, reason, uow.clock.now(), by)
    return await _publish(uow, base, revision)


async def open_day(
    uow: PaymentsUnit, actor: Actor, day: date, base: BusinessCalendar
) -> BusinessCalendar:
    """Staff reopen a day they closed; the new calendar is published."""
    ensure_staff(actor)
    if day in base.closed_dates:
        raise Conflict("the day is closed by the configured calendar", code="configured_day")
    revision = await uow.calendar.next_revision()
    if not await uow.calendar.reopen(day):
        raise NotFound(f"{day} is not a closed day")
    return await _publish(uow, base, revision)


async def _publish(uow: PaymentsUnit, base: BusinessCalendar, revision: int) -> BusinessCalendar:
    calendar = await current(uow, base)
    event = snapshot(calendar, revision, uow)
    uow.emit(event)
    await uow.calendar.mark_published(digest(event))
    return calendar


async def publish_if_changed(uow: PaymentsUnit, base: BusinessCalendar) -> bool:
    """At start-up: publish the calendar when it differs from the last snapshot published (a new
    installation, or a changed `CLOSED_DAYS_FILE`), so every copy holds the configured closures."""
    _, last = await uow.calendar.published()  # locked: one replica publishes
    calendar = await current(uow, base)
    if digest(snapshot(calendar, 1, uow)) == last:
        return False
    await _publish(uow, base, await uow.calendar.next_revision())
    return True


def digest(event: BusinessCalendarChanged) -> str:
    """What a snapshot holds (its days and reasons, not its revision or time)."""
    content = event.model_dump_json(include={"closed_dates", "closed_every_year"})
    return hashlib.sha256(content.encode()).hexdigest()


def snapshot(
    calendar: BusinessCalendar, revision: int, uow: PaymentsUnit
) -> BusinessCalendarChanged:
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
