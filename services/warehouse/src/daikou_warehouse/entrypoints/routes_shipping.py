"""Routes: packing, dispatch, and the shipping-fee calculator."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from daikou_kit.app import ActorDep
from daikou_warehouse.application import shipping
from daikou_warehouse.domain.calculator import Dimensions, quote_all
from daikou_warehouse.entrypoints.deps import Card, Unit
from daikou_warehouse.entrypoints.presenters import packing_out, quote_out, shipment_out
from daikou_warehouse.entrypoints.schemas import (
    DispatchIn,
    MethodOut,
    PackingIn,
    PackingOut,
    QuotesOut,
    ShipmentOut,
)

Grams = Annotated[int, Query(ge=1, le=1_000_000)]
Centimetres = Annotated[int, Query(ge=1, le=1000)]


router = APIRouter(tags=["shipping"])


@router.post("/orders/{order_id}/packing", response_model=PackingOut, status_code=201)
async def post_packing(order_id: UUID, body: PackingIn, actor: ActorDep, unit: Unit) -> PackingOut:
    """Staff pack the order; the fee becomes the 2nd billing."""
    parcels = [Dimensions(p.weight_g, p.length_cm, p.width_cm, p.height_cm) for p in body.parcels]
    packing = await shipping.pack_order(
        unit,
        actor,
        order_id=order_id,
        method=body.method,
        destination=body.destination,
        parcels=parcels,
    )
    return packing_out(packing)


@router.post("/orders/{order_id}/dispatch", response_model=ShipmentOut, status_code=201)
async def post_dispatch(
    order_id: UUID, body: DispatchIn, actor: ActorDep, unit: Unit
) -> ShipmentOut:
    """Staff dispatch the parcels once the 2nd billing is paid."""
    shipment = await shipping.dispatch_order(
        unit, actor, order_id, body.carrier, body.tracking_numbers
    )
    return shipment_out(shipment)


@router.get("/shipping/quote", response_model=QuotesOut)
async def get_quote(
    *,
    actor: ActorDep,
    card: Card,
    weight_g: Grams,
    length_cm: Centimetres,
    width_cm: Centimetres,
    height_cm: Centimetres,
    destination: Annotated[str, Query(pattern=r"^[A-Z]{2}$")] = "JP",
) -> QuotesOut:
    """Every method's approximate fee for a parcel (available or why not)."""
    dims = Dimensions(weight_g, length_cm, width_cm, height_cm)
    return QuotesOut(
        destination=destination,
        weight_g=weight_g,
        length_cm=length_cm,
        width_cm=width_cm,
        height_cm=height_cm,
        quotes=[quote_out(q, card.currency) for q in quote_all(card, dims, destination)],
    )


@router.get("/shipping/methods", response_model=list[MethodOut])
async def get_methods(actor: ActorDep, card: Card) -> list[MethodOut]:
    """The shipping methods, their rounding, limits and destinations."""
    return [
        MethodOut(
            method=m.code,
            label=m.label,
            volumetric_divisor=m.volumetric_divisor,
            step_g=m.step_g,
            max_weight_g=m.max_weight_g,
            max_length_cm=m.max_length_cm,
            max_length_girth_cm=m.max_length_girth_cm,
            destinations=sorted(c for c, z in card.destinations.items() if z in m.zones),
        )
        for m in card.methods.values()
    ]
