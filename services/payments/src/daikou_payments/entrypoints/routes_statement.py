"""The order's money statement: one thin route."""

from uuid import UUID

from fastapi import APIRouter

from daikou_kit.app import ActorDep
from daikou_payments.application import statement
from daikou_payments.entrypoints.deps import Unit
from daikou_payments.entrypoints.schemas_statement import StatementOut, statement_out

router = APIRouter(tags=["billings"])


@router.get("/statements/{order_id}", response_model=StatementOut)
async def order_statement(actor: ActorDep, unit: Unit, order_id: UUID) -> StatementOut:
    """Every billing, payment, fee and refund of an order, and whether they sum."""
    found = await statement.of_order(unit, actor, order_id)
    currency = found.billings[0].currency if found.billings else unit.currency
    return statement_out(found, currency)
