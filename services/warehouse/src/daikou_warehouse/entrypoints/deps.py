"""What the warehouse's routes depend on, besides the acting user (the kit's `ActorDep`)."""

from typing import Annotated

from fastapi import Depends

from daikou_kit.actors import Actor
from daikou_kit.app import ActorDep, part, unit_dependency
from daikou_kit.unit_of_work import Database
from daikou_warehouse.adapters.unit_of_work import WarehouseUnitOfWork, WarehouseUnits
from daikou_warehouse.application.common import require_staff
from daikou_warehouse.domain.calculator import RateCard

Unit = Annotated[WarehouseUnitOfWork, unit_dependency()]
"""The warehouse's unit of work for the request; it commits when the route returns."""

Units = Annotated[WarehouseUnits, Depends(part(WarehouseUnits))]
"""Opens the warehouse's units of work, and holds the photo store and the settings (uploads)."""

DatabaseDep = Annotated[Database, Depends(part(Database))]
"""The service's database, for a route that opens its unit of work itself."""

Card = Annotated[RateCard, Depends(part(RateCard))]
"""The shipping rate card (the fee calculator needs no transaction)."""


async def staff_actor(actor: ActorDep) -> Actor:
    """The acting user, refused (403 `staff_only`) unless warehouse or ops staff."""
    require_staff(actor)
    return actor


StaffDep = Annotated[Actor, Depends(staff_actor)]
"""A staff member, checked before the route reads anything (e.g. an upload's bytes)."""
