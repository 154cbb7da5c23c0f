"""One service builder: the shape every service's `wiring.py` shares, and what its routes read.

A service's wiring builds its `Foundation` (clock, engine, database), its own parts (a policy, a
store, a client), then calls `assemble`, which makes the `Service` (consumers, relay, workers) and
its FastAPI app (the request guard and error handlers, health and metrics, event statistics, the
routers). Routes are module-level functions; what they need comes from typed dependencies:

- `ActorDep`: the acting user, after checking the gateway's credential;
- `part(Kind)`: a part the wiring registered (`parts=[policy, store]`), looked up by its type;
- `request_unit`: the service's unit of work for the request (`unit=` in `assemble`), with the
  gateway's correlation id; declared with `scope="function"`, so it commits (or rolls back) when
  the route returns and before the response is sent: a client never sees a 2xx for a transaction
  that did not commit.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar, cast
from uuid import UUID

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Request
from fastapi.routing import APIRoute
from fastapi.utils import generate_unique_id
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.middleware import Middleware

from daikou_kit.actors import Actor, Role
from daikou_kit.clock import Clock, SystemClock
from daikou_kit.consumer import QueueSpec
from daikou_kit.db import create_engine
from daikou_kit.event_stats import add_event_stats_route
from daikou_kit.guard import BodyLimits
from daikou_kit.headers import CORRELATION_HEADER
from daikou_kit.http import install_error_handlers
from daikou_kit.metrics import Metrics
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service, Worker, add_health_route
from daikou_kit.settings import ServiceSettings
from daikou_kit.unit_of_work import Database, UnitOfWork

T = TypeVar("T")
UnitFactory = Callable[[UnitOfWork], object]
"""Wraps the kit's transaction into a service's unit of work (its repositories and settings on it)."""


@dataclass(frozen=True)
class Foundation:
    """What every service is built on: its settings, clock, engine and database."""

    settings: ServiceSettings
    clock: Clock
    engine: AsyncEngine
    database: Database


def foundation(settings: ServiceSettings, clock: Clock | None = None) -> Foundation:
    """The engine and database from the settings, with the injected clock (the system's by default)."""
    clock = clock or SystemClock()
    engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
    return Foundation(settings, clock, engine, Database(engine, clock))


def assemble(
    base: Foundation,
    *,
    title: str,
    migrations: MigrationSet,
    routers: Sequence[APIRouter] = (),
    queues: Sequence[QueueSpec] = (),
    workers: Sequence[Worker] = (),
    metrics: Metrics | None = None,
    limits: BodyLimits | None = None,
    unit: UnitFactory | None = None,
    parts: Iterable[object] = (),
    starters: Iterable[Callable[[], Awaitable[None]]] = (),
    closers: Iterable[Callable[[], Awaitable[None]]] = (),
    description: str = "",
    operation_ids: Callable[[APIRoute], str] = generate_unique_id,
    event_stats: bool = True,
    middleware: Sequence[Middleware] = (),
) -> tuple[Service, FastAPI]:
    """The service and its HTTP app, sharing one lifespan.

    A public API (the gateway's) gives its document's `description` and `operation_ids`, and
    leaves out the internal `GET /events/stats` (`event_stats=False`). A service's own
    `middleware` (the gateway's CORS) runs inside the kit's request guard, so what it answers by
    itself (a preflight) has a request id and the security headers too.
    """
    service = Service(
        settings=base.settings,
        engine=base.engine,
        database=base.database,
        clock=base.clock,
        migrations=migrations,
        queues=queues,
        workers=workers,
        metrics=metrics or Metrics(),
    )
    service.starters.extend(starters)
    service.closers.extend(closers)
    app = FastAPI(
        title=f"Daikou {title}",
        version="1",
        description=description,
        lifespan=service.lifespan,
        generate_unique_id_function=operation_ids,
    )
    app.user_middleware.extend(middleware)  # before the guard is added: inside it
    install_error_handlers(app, limits)
    add_health_route(app, service)
    if event_stats:
        add_event_stats_route(app, base.database, base.settings)
    registered: dict[type, object] = {
        type(p): p for p in (base.settings, base.clock, base.database, service, *parts)
    }
    registered.update({Database: base.database, Clock: base.clock, Service: service})
    app.state.parts = registered
    app.state.unit = unit or _kit_unit
    app.state.internal_token = base.settings.internal_token.get_secret_value()
    for router in routers:
        app.include_router(router)
    return service, app


def _kit_unit(uow: UnitOfWork) -> UnitOfWork:
    return uow


def part(kind: type[T]) -> Callable[[Request], T]:
    """A dependency answering the part of type `kind` the wiring registered."""

    def registered_part(request: Request) -> T:
        return cast(T, request.app.state.parts[kind])

    registered_part.__name__ = f"part_{kind.__name__}"
    return registered_part


MAX_FLOW_CHARS = 200
"""The longest correlation id an envelope carries; a longer or unprintable one starts a new flow."""


def flow_of(request: Request) -> str | None:
    """The request's flow (its correlation id) when it names a usable one, else None (a new one)."""
    given = request.headers.get(CORRELATION_HEADER, "")
    return given if 0 < len(given) <= MAX_FLOW_CHARS and given.isprintable() else None


async def request_unit(request: Request) -> AsyncIterator[Any]:
    """The service's unit of work for this request, in the flow the caller named when usable."""
    database = cast(Database, request.app.state.parts[Database])
    async with database.unit_of_work(correlation_id=flow_of(request)) as uow:
        yield request.app.state.unit(uow)


def unit_dependency() -> Any:
    """`Depends(request_unit)` ending with the route: use as `Annotated[MyUnit, unit_dependency()]`."""
    return Depends(request_unit, scope="function")


async def current_actor(
    request: Request,
    x_daikou_internal_token: Annotated[str | None, Header()] = None,
    x_daikou_user: Annotated[str | None, Header()] = None,
    x_daikou_role: Annotated[str | None, Header()] = None,
) -> Actor:
    """The acting user the gateway names, once its credential is checked (401/400 otherwise)."""
    token = str(request.app.state.internal_token)
    if not hmac.compare_digest((x_daikou_internal_token or "").encode(), token.encode()):
        raise HTTPException(401, "missing or wrong internal credential")
    try:
        return Actor(user_id=UUID(x_daikou_user or ""), role=Role(x_daikou_role or ""))
    except ValueError:
        raise HTTPException(400, "acting user and role headers are required") from None


ActorDep = Annotated[Actor, Depends(current_actor)]
"""The acting user of a request to a service's internal API."""


def actor_of(*roles: Role) -> Any:
    """`Depends` answering the acting user, refusing any role but `roles` with 403."""

    async def actor_in_roles(actor: ActorDep) -> Actor:
        if actor.role not in roles:
            raise HTTPException(403, f"role {actor.role} may not do this")
        return actor

    return Depends(actor_in_roles)
