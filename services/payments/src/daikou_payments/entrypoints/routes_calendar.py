"""Business-calendar routes: the month view for everyone, closed days for staff."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path

from daikou_kit.app import ActorDep
from daikou_kit.errors import InvalidInput
from daikou_payments.application import calendar as cases
from daikou_payments.entrypoints.deps import Calendar, Unit
from daikou_payments.entrypoints.schemas import CalendarOut
from daikou_payments.entrypoints.schemas_calendar import (
    ClosedDayIn,
    ClosedDaysOut,
    closed_days_out,
    month_out,
)

router = APIRouter(tags=["calendar"])
Year = Annotated[int, Path(ge=2020, le=2099)]
Month = Annotated[int, Path(ge=1, le=12)]


@router.get("/calendar/{year}/{month}", response_model=CalendarOut)
async def month_view(
    _: ActorDep, unit: Unit, calendar: Calendar, year: Year, month: Month
) -> CalendarOut:
    """A month: each day, whether it is a business day, and why not."""
    return month_out(await cases.current(unit, calendar), year, month)


@router.get("/calendar/closed-days", response_model=ClosedDaysOut)
async def closed_days(actor: ActorDep, unit: Unit, calendar: Calendar) -> ClosedDaysOut:
    """The days closed by configuration or by staff."""
    return closed_days_out(await cases.staff_days(unit, actor, calendar))


@router.put("/calendar/closed-days/{day}", response_model=ClosedDaysOut)
async def close(
    actor: ActorDep, unit: Unit, calendar: Calendar, day: date, body: ClosedDayIn
) -> ClosedDaysOut:
    """Staff close a day."""
    _in_range(day)
    await cases.close_day(unit, actor, day, body.reason, calendar)
    return closed_days_out(await cases.staff_days(unit, actor, calendar))


@router.delete("/calendar/closed-days/{day}", response_model=ClosedDaysOut)
async def reopen(actor: ActorDep, unit: Unit, calendar: Calendar, day: date) -> ClosedDaysOut:
    """Staff open a day they closed."""
    _in_range(day)
    await cases.open_day(unit, actor, day, calendar)
    return closed_days_out(await cases.staff_days(unit, actor, calendar))


def _in_range(day: date) -> None:
    if not 2020 <= day.year <= 2099:
        raise InvalidInput("the calendar covers 2020-2099", code="out_of_range")
