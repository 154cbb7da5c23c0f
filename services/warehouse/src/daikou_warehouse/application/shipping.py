"""Packing with the calculator's fee (the 2nd billing) and dispatch once it is paid."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from daikou_contracts.catalogue.warehouse import PackingCompleted, Parcel, ShipmentDispatched
from daikou_contracts.money import Money, total
from daikou_kit.actors import Actor
from daikou_kit.errors import DomainError, InvalidInput
from daikou_warehouse.application.common import load_order, log, require_staff
from daikou_warehouse.application.ports import WarehouseUnit
from daikou_warehouse.domain.calculator import Dimensions, ParcelRefused, RateCard, price_parcel
from daikou_warehouse.domain.model import duplicates
from daikou_warehouse.domain.records import Packing, ParcelSize, Shipment

MAX_PARCELS = 20


def _price(
    uow: WarehouseUnit, card: RateCard, method: str, destination: str, parcels: Sequence[Dimensions]
) -> list[ParcelSize]:
    priced = []
    for n, dims in enumerate(parcels):
        try:
            quote = price_parcel(card, method, dims, destination)
        except ParcelRefused as exc:
            raise DomainError(f"parcel {n + 1}: {exc}", code="parcel_refused") from exc
        assert quote.fee_jpy is not None
        priced.append(
            ParcelSize(
                parcel_id=uow.new_id(),
                position=n,
                weight_g=dims.weight_g,
                length_cm=dims.length_cm,
                width_cm=dims.width_cm,
                height_cm=dims.height_cm,
                volumetric_weight_g=quote.volumetric_weight_g,
                chargeable_weight_g=quote.chargeable_weight_g,
                fee=Money(amount=quote.fee_jpy, currency=card.currency),
            )
        )
    return priced


async def pack_order(
    uow: WarehouseUnit,
    actor: Actor,
    *,
    order_id: UUID,
    method: str,
    destination: str | None,
    parcels: Sequence[Dimensions],
) -> Packing:
    """Record the parcels, price them with the method and ask for the 2nd billing.

    The destination is the settings' default when none is given.
    """
    require_staff(actor)
    if not 1 <= len(parcels) <= MAX_PARCELS:
        raise InvalidInput(f"pack 1 to {MAX_PARCELS} parcels", code="parcel_count")
    order = await load_order(uow, actor, order_id, lock=True)
    order.ensure_can_pack()
    card, destination = uow.card, destination or uow.settings.default_destination
    priced = _price(uow, card, method, destination, parcels)
    now = uow.clock.now()
    packing = Packing(
        method=method,
        destination=destination,
        international_fee=total([p.fee for p in priced], card.currency),
        packed_at=now,
        parcels=priced,
    )
    await uow.shipping.save_packing(order_id, packing)
    uow.emit(
        PackingCompleted(
            order_id=order_id,
            method=method,
            destination=destination,
            parcels=[
                Parcel(
                    parcel_id=p.parcel_id,
                    weight_g=p.weight_g,
                    length_cm=p.length_cm,
                    width_cm=p.width_cm,
                    height_cm=p.height_cm,
                    chargeable_weight_g=p.chargeable_weight_g,
                    fee=p.fee,
                )
                for p in priced
            ],
            international_fee=packing.international_fee,
            packed_at=now,
        )
    )
    return packing


async def dispatch_order(
    uow: WarehouseUnit, actor: Actor, order_id: UUID, carrier: str, tracking_numbers: Sequence[str]
) -> Shipment:
    """Ship a packed order whose 2nd billing is paid, one tracking number per parcel."""
    require_staff(actor)
    if duplicates(list(tracking_numbers)):
        raise InvalidInput("a tracking number is listed twice", code="duplicate_tracking")
    order = await load_order(uow, actor, order_id, lock=True)
    shipping = uow.shipping
    packing = await shipping.packing(order_id)
    order.ensure_can_dispatch(len(tracking_numbers), len(packing.parcels) if packing else 0)
    assert packing is not None
    now = uow.clock.now()
    shipment = Shipment(uow.new_id(), carrier, packing.method, list(tracking_numbers), now)
    await shipping.add_shipment(order_id, shipment, actor.user_id)
    order.dispatched_at = now
    await uow.orders.save(order)
    uow.emit(
        ShipmentDispatched(
            shipment_id=shipment.shipment_id,
            order_id=order_id,
            carrier=carrier,
            method=packing.method,
            tracking_numbers=list(tracking_numbers),
            dispatched_at=now,
        )
    )
    log.info("order %s dispatched by %s", order_id, carrier)
    return shipment
