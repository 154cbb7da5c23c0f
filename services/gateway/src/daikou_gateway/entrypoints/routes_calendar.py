"""The business calendar: this and next month for everyone, closed days for ops staff.

The payments service owns the calendar; these routes forward to it. Closing or reopening a day is
published by payments as `payments.business_calendar_changed`, and every service that computes
deadlines keeps its own copy from that event.
"""

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from daikou_contracts.business_calendar import JST
from daikou_contracts.text import Visible
from daikou_gateway.adapters.services import UpstreamRefused, decode_body
from daikou_gateway.entrypoints.deps import GatewayDep, OpsCaller, ServicesDep, forward
from daikou_gateway.entrypoints.routes_public import visitor
from daikou_gateway.entrypoints.schemas_common import checked
from daikou_gateway.entrypoints.schemas_payments import CalendarMonthOut as CalendarMonth

Day = Annotated[date, Path(description="a Japan date, YYYY-MM-DD (2020-2099)")]


class CalendarOut(BaseModel):
    """This month and the next, in Japan time."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "months": [
                        {
                            "year": 2026,
                            "month": 12,
                            "business_hours": "10:00-18:00 JST",
                            "days": [
                                {"date": "2026-12-01", "business_day": True, "reason": ""},
                                {
                                    "date": "2026-12-29",
                                    "business_day": False,
                                    "reason": "closed: year-end closure",
                                },
                            ],
                        }
                    ]
                }
            ]
        }
    )

    months: list[CalendarMonth]


class ClosedDayIn(BaseModel):
    """Close a day: why (shown to customers on the calendar)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "stocktaking"}]}
    )

    reason: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]*$"), Visible]


class ClosedDay(BaseModel):
    """A day the service is closed besides weekends and public holidays."""

    date: date
    reason: str
    source: Literal["configured", "staff"] = Field(
        description="`configured`: from the service's settings (cannot be reopened here); "
        "`staff`: closed through this API"
    )


class ClosedDaysOut(BaseModel):
    """Every closed day of the service."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "closed_days": [
                        {"date": "2026-08-13", "reason": "summer closure", "source": "configured"},
                        {"date": "2026-12-10", "reason": "stocktaking", "source": "staff"},
                    ]
                }
            ]
        }
    )

    closed_days: list[ClosedDay]


# The business calendar everyone sees.
public_router = APIRouter(tags=["public"])


@public_router.get("/calendar", response_model=CalendarOut)
async def this_and_next_month(gw: GatewayDep, services: ServicesDep) -> dict[str, Any]:
    """The business days of this month and the next (Japan time)."""
    today = gw.clock.now().astimezone(JST).date().replace(day=1)
    following = (today + timedelta(days=32)).replace(day=1)
    months = []
    for first in (today, following):
        path = f"/calendar/{first.year}/{first.month}"
        response = await services.payments.send("GET", path, visitor())
        body = decode_body(response)
        if response.status_code >= 400:
            raise UpstreamRefused(services.payments.name, response.status_code, body)
        months.append(checked(services.payments.name, CalendarMonth, body))
    return {"months": months}


# Ops staff close and reopen the service's own days.
staff_router = APIRouter(prefix="/staff/calendar", tags=["staff: ops"])


@staff_router.get("/closed-days", response_model=ClosedDaysOut)
async def closed_days(services: ServicesDep, caller: OpsCaller) -> JSONResponse:
    """Every closed day besides weekends and public holidays."""
    return await forward(
        services.payments, "GET", "/calendar/closed-days", caller, answer=ClosedDaysOut
    )


@staff_router.put("/closed-days/{day}", response_model=ClosedDaysOut)
async def close(
    services: ServicesDep, caller: OpsCaller, day: Day, body: ClosedDayIn
) -> JSONResponse:
    """Close a day (today or later); deadlines falling on it move to the next business day."""
    path = f"/calendar/closed-days/{day.isoformat()}"
    json = body.model_dump()
    return await forward(services.payments, "PUT", path, caller, json=json, answer=ClosedDaysOut)


@staff_router.delete("/closed-days/{day}", response_model=ClosedDaysOut)
async def reopen(services: ServicesDep, caller: OpsCaller, day: Day) -> JSONResponse:
    """Reopen a day staff closed (404 when it is not closed; 409 for a configured one)."""
    path = f"/calendar/closed-days/{day.isoformat()}"
    return await forward(services.payments, "DELETE", path, caller, answer=ClosedDaysOut)
