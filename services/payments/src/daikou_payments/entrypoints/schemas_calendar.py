"""Bodies and answers of the calendar routes."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from daikou_payments.application.calendar import ClosedDay
from daikou_payments.domain.calendar import BusinessCalendar
from daikou_payments.entrypoints.schemas import CalendarDayOut, CalendarOut


class ClosedDayIn(BaseModel):
    """PUT /calendar/closed-days/{day}."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]*$")


class ClosedDayOut(BaseModel):
    """One closed day that is neither a weekend nor a public holiday."""

    date: date
    reason: str
    source: Literal["configured", "staff"]


class ClosedDaysOut(BaseModel):
    """GET /calendar/closed-days."""

    closed_days: list[ClosedDayOut]


def closed_days_out(days: list[ClosedDay]) -> ClosedDaysOut:
    """The closed days staff see."""
    return ClosedDaysOut(
        closed_days=[ClosedDayOut(date=d.day, reason=d.reason, source=d.source) for d in days]
    )


def month_out(cal: BusinessCalendar, year: int, month: int) -> CalendarOut:
    """A month of the calendar as the API shows it."""
    return CalendarOut(
        year=year,
        month=month,
        business_hours=f"{cal.opens_at:%H:%M}-{cal.closes_at:%H:%M} JST",
        days=[
            CalendarDayOut(date=d.day, business_day=d.business_day, reason=d.reason)
            for d in cal.month(year, month)
        ],
    )
