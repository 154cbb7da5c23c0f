"""What the orders routes depend on: the acting user and the request's unit of work."""

from typing import Annotated

from daikou_kit.app import ActorDep, unit_dependency
from daikou_orders.adapters.unit_of_work import OrdersUnitOfWork

__all__ = ["ActorDep", "Unit"]

Unit = Annotated[OrdersUnitOfWork, unit_dependency()]
"""The request's transaction with the repositories and the policy on it; commits as the route returns."""
