"""The service's business calendar: what a business day is, and when a customer's deadline ends.

Shared by every service that needs it, so the rule is written once. Japanese public holidays come
from `jpholiday` (a maintained library, substitute and citizens' holidays included); the service's
own closed days are data owned by the payments service and copied by the others from its
`payments.business_calendar_changed` events. All dates are Japan dates (JST, no daylight saving).
"""

from __future__ import annotations

import calendar as std_calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone

import jpholiday

JST = timezone(timedelta(hours=9), "JST")
MAX_SEARCH_DAYS = 366  # no calendar closes a whole year; a longer search is a data error


@dataclass(frozen=True)
class CalendarDay:
    """One day and whether the service works on it (with why not)."""

    day: date
    business_day: bool
    reason: str = ""


def public_holiday(day: date) -> str | None:
    """The name of the Japanese public holiday on `day`, if it is one."""
    name = jpholiday.is_holiday_name(day)
    return str(name) if name else None


@dataclass(frozen=True)
class BusinessCalendar:
    """Business days (weekdays that are neither public holidays nor closed days) and hours, in JST."""

    closed_dates: dict[date, str] = field(default_factory=dict)
    closed_every_year: dict[tuple[int, int], str] = field(default_factory=dict)
    opens_at: time = time(10, 0)
    closes_at: time = time(18, 0)

    def day(self, day: date) -> CalendarDay:
        """Whether `day` is a business day, and the reason when it is not."""
        if day.weekday() >= 5:
            return CalendarDay(day, False, "weekend")
        holiday = public_holiday(day)
        if holiday:
            return CalendarDay(day, False, f"public holiday: {holiday}")
        closed = self.closed_dates.get(day) or self.closed_every_year.get((day.month, day.day))
        if closed:
            return CalendarDay(day, False, f"closed: {closed}")
        return CalendarDay(day, True)

    def is_business_day(self, day: date) -> bool:
        """True when the service works on `day`."""
        return self.day(day).business_day

    def month(self, year: int, month: int) -> list[CalendarDay]:
        """Every day of a month."""
        last = std_calendar.monthrange(year, month)[1]
        return [self.day(date(year, month, d)) for d in range(1, last + 1)]

    def business_day_on_or_after(self, day: date) -> date:
        """`day` itself when it is a business day, otherwise the next one."""
        for _ in range(MAX_SEARCH_DAYS):
            if self.is_business_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError(f"no business day within {MAX_SEARCH_DAYS} days of {day}")

    def add_business_days(self, day: date, count: int) -> date:
        """The `count`-th business day after `day` (0: `day` or the next business day)."""
        current = self.business_day_on_or_after(day)
        for _ in range(count):
            current = self.business_day_on_or_after(current + timedelta(days=1))
        return current

    def deadline_after_days(self, start: datetime, days: int) -> datetime:
        """A customer's deadline `days` calendar days after `start`, moved to a business day.

        It ends at the end of that Japan day (the next JST midnight, as UTC).
        """
        last_day = self.business_day_on_or_after(
            start.astimezone(JST).date() + timedelta(days=days)
        )
        return end_of_day(last_day)

    def deadline_after_business_days(self, start: datetime, count: int) -> datetime:
        """The end of the `count`-th business day after the Japan day of `start`."""
        first = start.astimezone(JST).date() + timedelta(days=1)
        return end_of_day(self.add_business_days(first, max(count - 1, 0)))

    def expected_done(self, moment: datetime, work: timedelta) -> datetime:
        """When `work` of business time (within business hours) started at `moment` is done (UTC)."""
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
        if self.is_business_day(day) and local.timetz() < self.closes_at.replace(tzinfo=JST):
            return max(local, datetime.combine(day, self.opens_at, JST))
        day = self.business_day_on_or_after(day + timedelta(days=1))
        return datetime.combine(day, self.opens_at, JST)


def end_of_day(day: date) -> datetime:
    """The end of a Japan day: the next JST midnight, in UTC."""
    return datetime.combine(day + timedelta(days=1), time(0, 0), JST).astimezone(UTC)
