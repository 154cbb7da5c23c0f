"""What the top page shows everyone: shipping-fee quotes, the business calendar, recent feedback."""

from typing import Annotated
from uuid import uuid4

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from daikou_gateway.adapters.services import PUBLIC_USER
from daikou_gateway.domain.caller import Caller
from daikou_gateway.entrypoints.deps import ServicesDep, forward
from daikou_gateway.entrypoints.schemas_orders import FeedbackOut
from daikou_gateway.entrypoints.schemas_payments import CalendarMonthOut
from daikou_gateway.entrypoints.schemas_warehouse import MethodOut, QuotesOut
from daikou_kit.actors import Role


def visitor() -> Caller:
    """An anonymous visitor: the least privileged actor the services know."""
    return Caller(PUBLIC_USER, Role.CUSTOMER, str(uuid4()))


# Public routes (no sign-in).
router = APIRouter(tags=["public"])


@router.get("/shipping/quote", response_model=QuotesOut)
async def quote(
    *,
    services: ServicesDep,
    weight_g: Annotated[int, Query(ge=1, le=1_000_000)],
    length_cm: Annotated[int, Query(ge=1, le=1000)],
    width_cm: Annotated[int, Query(ge=1, le=1000)],
    height_cm: Annotated[int, Query(ge=1, le=1000)],
    destination: Annotated[str, Query(pattern="^[A-Z]{2}$")] = "JP",
) -> JSONResponse:
    """An approximate international fee per method, from weight and size."""
    params = {
        "weight_g": weight_g,
        "length_cm": length_cm,
        "width_cm": width_cm,
        "height_cm": height_cm,
        "destination": destination,
    }
    return await forward(
        services.warehouse,
        "GET",
        "/shipping/quote",
        visitor(),
        params=params,
        answer=QuotesOut,
    )


@router.get("/shipping/methods", response_model=list[MethodOut])
async def methods(services: ServicesDep) -> JSONResponse:
    """The shipping methods and their limits."""
    return await forward(
        services.warehouse, "GET", "/shipping/methods", visitor(), answer=list[MethodOut]
    )


@router.get("/calendar/{year}/{month}", response_model=CalendarMonthOut)
async def calendar(
    services: ServicesDep,
    year: Annotated[int, Path(ge=2020, le=2099)],
    month: Annotated[int, Path(ge=1, le=12)],
) -> JSONResponse:
    """The service's business days of a month."""
    path = f"/calendar/{year}/{month}"
    return await forward(services.payments, "GET", path, visitor(), answer=CalendarMonthOut)


@router.get("/feedback/recent", response_model=list[FeedbackOut])
async def feedback(services: ServicesDep) -> JSONResponse:
    """The latest public reception-report comments."""
    return await forward(
        services.orders, "GET", "/feedback/recent", visitor(), answer=list[FeedbackOut]
    )
