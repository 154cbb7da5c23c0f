"""Ops looking up a customer by email and reading their deposit (for manual top-ups)."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from daikou_gateway.application.staff_lookup import customer_by_email
from daikou_gateway.entrypoints.deps import OpsCaller, ServicesDep, Unit, forward
from daikou_gateway.entrypoints.schemas_payments import DepositOut


class CustomerOut(BaseModel):
    """A customer as staff see them."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "5c1d7f0a-2b8e-4f7e-8d1a-3e2f4a5b6c7d",
                    "email": "hanako@example.jp",
                    "display_name": "Hanako",
                    "created_at": "2026-01-05T01:00:00Z",
                }
            ]
        }
    )

    id: UUID
    email: str
    display_name: str
    created_at: datetime


# `GET /staff/customers?email=` and `GET /staff/deposits/{customer_id}`.
router = APIRouter(prefix="/staff", tags=["staff: ops"])


@router.get("/customers", response_model=CustomerOut)
async def find_customer(
    _: OpsCaller, unit: Unit, email: Annotated[str, Query(min_length=3, max_length=320)]
) -> CustomerOut:
    """The customer with this email (404 when there is none)."""
    account = await customer_by_email(unit, email)
    return CustomerOut(
        id=account.id,
        email=account.email,
        display_name=account.display_name,
        created_at=account.created_at,
    )


@router.get("/deposits/{customer_id}", response_model=DepositOut)
async def customer_deposit(
    services: ServicesDep, caller: OpsCaller, customer_id: UUID
) -> JSONResponse:
    """A customer's deposit balance and history."""
    path = f"/deposits/{customer_id}"
    return await forward(services.payments, "GET", path, caller, answer=DepositOut)
