"""Business-calendar routes: the month view for everyone, closed days for staff."""

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, ConfigDict, Field

from daikou_kit.errors import InvalidInput
from daikou_kit.http import Actor, actor_dependency, correlation_id
from daikou_payments.application import calendar as cases
from daikou_payments.domain.calendar import BusinessCalendar
from daikou_payments.entrypoints.http import HttpContext
from daikou_payments.entrypoints.schemas import CalendarDayOut, CalendarOut

Year = Annotated[int, Path(ge=2020, le=2099)]


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


def router(ctx: HttpContext) -> APIRouter:
    """Calendar routes."""
    api = APIRouter(tags=["calendar"])
    ActorDep = Annotated[  # noqa: N806  (a type alias bound to this router's token)
        Actor, Depends(actor_dependency(ctx.settings.internal_token.get_secret_value()))
    ]
    Flow = Annotated[str | None, Depends(correlation_id)]  # noqa: N806
    db = ctx.database

    @api.get("/calendar/{year}/{month}", response_model=CalendarOut)
    async def month_view(
        _: ActorDep, year: Year, month: Annotated[int, Path(ge=1, le=12)]
    ) -> CalendarOut:
        async with db.unit_of_work() as uow:
            cal = await cases.current(uow, ctx.calendar)
        return month_out(cal, year, month)

    @api.get("/calendar/closed-days", response_model=ClosedDaysOut)
    async def closed_days(actor: ActorDep) -> ClosedDaysOut:
        async with db.unit_of_work() as uow:
            days = await cases.staff_days(uow, actor, ctx.calendar)
        return ClosedDaysOut.model_validate({"closed_days": days})

    @api.put("/calendar/closed-days/{day}", response_model=ClosedDaysOut)
    async def close(actor: ActorDep, flow: Flow, day: date, body: ClosedDayIn) -> ClosedDaysOut:
        _in_range(day)
        async with db.unit_of_work(correlation_id=flow) as uow:
            await cases.close_day(uow, actor, day, body.reason, ctx.calendar)
            days = await cases.staff_days(uow, actor, ctx.calendar)
        return ClosedDaysOut.model_validate({"closed_days": days})

    @api.delete("/calendar/closed-days/{day}", response_model=ClosedDaysOut)
    async def reopen(actor: ActorDep, flow: Flow, day: date) -> ClosedDaysOut:
        _in_range(day)
        async with db.unit_of_work(correlation_id=flow) as uow:
            await cases.open_day(uow, actor, day, ctx.calendar)
            days = await cases.staff_days(uow, actor, ctx.calendar)
        return ClosedDaysOut.model_validate({"closed_days": days})

    return api


def _in_range(day: date) -> None:
    if not 2020 <= day.year <= 2099:
        raise InvalidInput("the calendar covers 2020-2099", code="out_of_range")


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
