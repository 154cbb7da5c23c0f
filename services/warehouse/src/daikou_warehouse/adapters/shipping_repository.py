"""Exchange/return cases, parcels and shipments on the unit of work's connection."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_contracts.catalogue.warehouse import CaseKind, CaseOutcome
from daikou_contracts.money import Money
from daikou_warehouse.adapters.tables import cases, orders, parcels, shipments
from daikou_warehouse.domain.cases import Case, CaseState
from daikou_warehouse.domain.records import Packing, ParcelSize, Shipment


def _case(r: RowMapping) -> Case:
    cost = (
        Money(amount=r["local_shipping_cost_amount"], currency=r["local_shipping_cost_currency"])
        if r["local_shipping_cost_amount"] is not None
        else None
    )
    return Case(
        case_id=r["case_id"],
        order_id=r["order_id"],
        item_id=r["item_id"],
        kind=CaseKind(r["kind"]),
        reason=r["reason"],
        state=CaseState(r["state"]),
        opened_at=r["opened_at"],
        seller_note=r["seller_note"],
        outcome=CaseOutcome(r["outcome"]) if r["outcome"] else None,
        local_shipping_cost=cost,
        responded_at=r["responded_at"],
        resolved_at=r["resolved_at"],
    )


class ShippingRepository:
    """Reads and writes cases, parcels and shipments."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add_case(self, case: Case, opened_by_role: str) -> None:
        """Record a newly opened case."""
        await self.conn.execute(
            insert(cases).values(
                case_id=case.case_id,
                order_id=case.order_id,
                item_id=case.item_id,
                kind=case.kind.value,
                reason=case.reason,
                state=case.state.value,
                opened_by_role=opened_by_role,
                opened_at=case.opened_at,
                seller_note=case.seller_note,
            )
        )

    async def case(self, case_id: UUID) -> Case | None:
        """One case."""
        query = select(cases).where(cases.c.case_id == case_id)
        row = (await self.conn.execute(query)).mappings().first()
        return _case(row) if row else None

    async def save_case(self, case: Case) -> None:
        """Write a case's state back."""
        cost = case.local_shipping_cost
        await self.conn.execute(
            update(cases)
            .where(cases.c.case_id == case.case_id)
            .values(
                state=case.state.value,
                seller_note=case.seller_note,
                responded_at=case.responded_at,
                outcome=case.outcome.value if case.outcome else None,
                local_shipping_cost_amount=cost.amount if cost else None,
                local_shipping_cost_currency=cost.currency if cost else None,
                resolved_at=case.resolved_at,
            )
        )

    async def cases(self, order_id: UUID) -> list[Case]:
        """The order's cases, oldest first."""
        query = select(cases).where(cases.c.order_id == order_id).order_by(cases.c.seq)
        return [_case(r) for r in (await self.conn.execute(query)).mappings()]

    async def save_packing(self, order_id: UUID, packing: Packing) -> None:
        """Record the parcels and the packing on the order."""
        await self.conn.execute(
            insert(parcels),
            [
                {
                    "parcel_id": p.parcel_id,
                    "order_id": order_id,
                    "position": p.position,
                    "weight_g": p.weight_g,
                    "length_cm": p.length_cm,
                    "width_cm": p.width_cm,
                    "height_cm": p.height_cm,
                    "volumetric_weight_g": p.volumetric_weight_g,
                    "chargeable_weight_g": p.chargeable_weight_g,
                    "fee_amount": p.fee.amount,
                    "fee_currency": p.fee.currency,
                }
                for p in packing.parcels
            ],
        )
        await self.conn.execute(
            update(orders)
            .where(orders.c.order_id == order_id)
            .values(
                packed_at=packing.packed_at,
                packing_method=packing.method,
                destination=packing.destination,
                international_fee_amount=packing.international_fee.amount,
                international_fee_currency=packing.international_fee.currency,
            )
        )

    async def packing(self, order_id: UUID) -> Packing | None:
        """How the order was packed, if it was."""
        row = (await self.conn.execute(select(orders).where(orders.c.order_id == order_id))).first()
        if row is None or row.packed_at is None:
            return None
        query = select(parcels).where(parcels.c.order_id == order_id).order_by(parcels.c.position)
        return Packing(
            method=row.packing_method,
            destination=row.destination,
            international_fee=Money(
                amount=row.international_fee_amount, currency=row.international_fee_currency
            ),
            packed_at=row.packed_at,
            parcels=[
                ParcelSize(
                    parcel_id=p.parcel_id,
                    position=p.position,
                    weight_g=p.weight_g,
                    length_cm=p.length_cm,
                    width_cm=p.width_cm,
                    height_cm=p.height_cm,
                    volumetric_weight_g=p.volumetric_weight_g,
                    chargeable_weight_g=p.chargeable_weight_g,
                    fee=Money(amount=p.fee_amount, currency=p.fee_currency),
                    tracking_number=p.tracking_number,
                )
                for p in await self.conn.execute(query)
            ],
        )

    async def add_shipment(self, order_id: UUID, shipment: Shipment, by: UUID) -> None:
        """Record the dispatch and each parcel's tracking number (in parcel order)."""
        await self.conn.execute(
            insert(shipments).values(
                shipment_id=shipment.shipment_id,
                order_id=order_id,
                carrier=shipment.carrier,
                method=shipment.method,
                dispatched_at=shipment.dispatched_at,
                dispatched_by=by,
            )
        )
        query = select(parcels.c.parcel_id).where(parcels.c.order_id == order_id)
        ids = [r.parcel_id for r in await self.conn.execute(query.order_by(parcels.c.position))]
        for parcel_id, number in zip(ids, shipment.tracking_numbers, strict=True):
            await self.conn.execute(
                update(parcels)
                .where(parcels.c.parcel_id == parcel_id)
                .values(tracking_number=number)
            )

    async def shipment(self, order_id: UUID) -> Shipment | None:
        """The order's shipment, if dispatched."""
        row = (
            await self.conn.execute(select(shipments).where(shipments.c.order_id == order_id))
        ).first()
        if row is None:
            return None
        query = (
            select(parcels.c.tracking_number)
            .where(parcels.c.order_id == order_id)
            .order_by(parcels.c.position)
        )
        numbers = [r.tracking_number for r in await self.conn.execute(query) if r.tracking_number]
        return Shipment(row.shipment_id, row.carrier, row.method, numbers, row.dispatched_at)
