"""The one place that builds the orders service's real parts; tests build it with test settings."""

from pathlib import Path

from fastapi import FastAPI

from daikou_kit.app import assemble, foundation
from daikou_kit.clock import Clock
from daikou_kit.consumer import OnUnit
from daikou_kit.guard import MIB, BodyLimits, RouteLimit
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service
from daikou_kit.unit_of_work import UnitOfWork
from daikou_orders.adapters.unit_of_work import OrdersUnitOfWork
from daikou_orders.application.policy import Policy
from daikou_orders.entrypoints import (
    consumers,
    routes_changes,
    routes_ops,
    routes_orders,
    routes_queues,
)
from daikou_orders.settings import OrdersSettings

MIGRATIONS = MigrationSet("orders", Path(__file__).parent / "migrations")
ROUTERS = [routes_orders.router, routes_changes.router, routes_ops.router, routes_queues.router]


def build(settings: OrdersSettings, clock: Clock | None = None) -> tuple[Service, FastAPI]:
    """The service and its HTTP app, sharing one lifespan."""
    base = foundation(settings, clock)
    policy = Policy.from_settings(settings)

    def unit(uow: UnitOfWork) -> OrdersUnitOfWork:
        """A request's or a message's unit of work: the repositories and the policy on it."""
        return OrdersUnitOfWork(uow, policy)

    return assemble(
        base,
        title="orders",
        migrations=MIGRATIONS,
        routers=ROUTERS,
        queues=consumers.queues(OnUnit(unit)),
        limits=BodyLimits(routes=[RouteLimit("POST", "/orders", 4 * MIB)]),
        unit=unit,
    )
