"""Routes: exchange/return cases with the seller."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request, status

from daikou_kit.http import Actor, actor_dependency
from daikou_warehouse.application import cases
from daikou_warehouse.entrypoints.deps import HttpDeps
from daikou_warehouse.entrypoints.presenters import case_out
from daikou_warehouse.entrypoints.schemas import CaseIn, CaseOut, ResolveIn, SellerResponseIn


def router(deps: HttpDeps) -> APIRouter:
    """Routes about exchange/return cases."""
    api = APIRouter(tags=["cases"])
    ActorDep = Annotated[  # noqa: N806 (a type alias)
        Actor, Depends(actor_dependency(deps.settings.internal_token.get_secret_value()))
    ]

    @api.post(
        "/orders/{order_id}/items/{item_id}/cases",
        response_model=CaseOut,
        status_code=status.HTTP_201_CREATED,
    )
    async def post_case(
        order_id: UUID, item_id: UUID, body: CaseIn, request: Request, actor: ActorDep
    ) -> CaseOut:
        """Open an exchange/return case for an inspected item."""
        async with deps.transaction(request) as uow:
            case = await cases.open_case(
                uow, actor, order_id=order_id, item_id=item_id, kind=body.kind, reason=body.reason
            )
        return case_out(case)

    @api.post("/cases/{case_id}/seller-response", response_model=CaseOut)
    async def post_seller_response(
        case_id: UUID, body: SellerResponseIn, request: Request, actor: ActorDep
    ) -> CaseOut:
        """Staff record whether the seller agreed."""
        async with deps.transaction(request) as uow:
            case = await cases.record_seller_response(uow, actor, case_id, body.accepted, body.note)
        return case_out(case)

    @api.post("/cases/{case_id}/resolve", response_model=CaseOut)
    async def post_resolve(
        case_id: UUID, body: ResolveIn, request: Request, actor: ActorDep
    ) -> CaseOut:
        """Staff close the case with its outcome and local shipping cost."""
        async with deps.transaction(request) as uow:
            case = await cases.resolve_case(
                uow, actor, case_id, body.outcome, body.local_shipping_cost
            )
        return case_out(case)

    return api
