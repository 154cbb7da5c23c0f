"""Routes: exchange/return cases with the seller."""

from uuid import UUID

from fastapi import APIRouter, status

from daikou_kit.app import ActorDep
from daikou_warehouse.application import cases
from daikou_warehouse.entrypoints.deps import Unit
from daikou_warehouse.entrypoints.presenters import case_out
from daikou_warehouse.entrypoints.schemas import CaseIn, CaseOut, ResolveIn, SellerResponseIn

router = APIRouter(tags=["cases"])


@router.post(
    "/orders/{order_id}/items/{item_id}/cases",
    response_model=CaseOut,
    status_code=status.HTTP_201_CREATED,
)
async def post_case(
    order_id: UUID, item_id: UUID, body: CaseIn, actor: ActorDep, unit: Unit
) -> CaseOut:
    """Open an exchange/return case for an inspected item."""
    case = await cases.open_case(
        unit, actor, order_id=order_id, item_id=item_id, kind=body.kind, reason=body.reason
    )
    return case_out(case)


@router.post("/cases/{case_id}/seller-response", response_model=CaseOut)
async def post_seller_response(
    case_id: UUID, body: SellerResponseIn, actor: ActorDep, unit: Unit
) -> CaseOut:
    """Staff record whether the seller agreed."""
    case = await cases.record_seller_response(unit, actor, case_id, body.accepted, body.note)
    return case_out(case)


@router.post("/cases/{case_id}/resolve", response_model=CaseOut)
async def post_resolve(case_id: UUID, body: ResolveIn, actor: ActorDep, unit: Unit) -> CaseOut:
    """Staff close the case with its outcome and local shipping cost."""
    case = await cases.resolve_case(unit, actor, case_id, body.outcome, body.local_shipping_cost)
    return case_out(case)
