"""The service's business calendar: Japanese public holidays, weekends and its own closed days."""

from __future__ import annotations

import calendar as std_calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone

from daikou_payments.domain.holidays import japanese_holidays

JST = timezone(timedelta(hours=9), "JST")  # Japan has no daylight saving time


@dataclass(frozen=True)
class CalendarDay:
    """One day and whether the service works on it (with why not)."""

    day: date
    business_day: bool
    reason: str = ""


@dataclass(frozen=True)
class BusinessCalendar:
    """Business days and hours (Japan time) of the bank-transfer confirmation desk."""

    closed_dates: dict[date, str] = field(default_factory=dict)
    closed_every_year: dict[tuple[int, int], str] = field(default_factory=dict)
    opens_at: time = time(10, 0)
    closes_at: time = time(18, 0)

    def day(self, day: date) -> CalendarDay:
        """Whether `day` is a business day, and the reason when it is not."""
        if day.weekday() >= 5:
            return CalendarDay(day, False, "weekend")
        holiday = japanese_holidays(day.year).get(day)
        if holiday:
            return CalendarDay(day, False, f"public holiday: {holiday}")
        closed = self.closed_dates.get(day) or self.closed_every_year.get((day.month, day.day))
        if closed:
            return CalendarDay(day, False, f"closed: {closed}")
        return CalendarDay(day, True)

    def month(self, year: int, month: int) -> list[CalendarDay]:
        """Every day of a month."""
        last = std_calendar.monthrange(year, month)[1]
        return [self.day(date(year, month, d)) for d in range(1, last + 1)]

    def expected_done(self, moment: datetime, work: timedelta) -> datetime:
        """When `work` of business time started at `moment` is done (UTC)."""
        local = moment.astimezone(JST)
        remaining = work
        current = self._next_open(local)
        while True:
            close = datetime.combine(current.date(), self.closes_at, JST)
            if current + remaining <= close:
                return (current + remaining).astimezone(UTC)
            remaining -= close - current
            current = self._next_open(close + timedelta(seconds=1))

    def _next_open(self, local: datetime) -> datetime:
        """The first business moment at or after `local`."""
        day = local.date()
        if self.day(day).business_day and local.timetz() < self.closes_at.replace(tzinfo=JST):
            return max(local, datetime.combine(day, self.opens_at, JST))
        day += timedelta(days=1)
        while not self.day(day).business_day:
            day += timedelta(days=1)
        return datetime.combine(day, self.opens_at, JST)
