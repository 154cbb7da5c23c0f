"""The one place that builds the gateway service's real parts; tests build it with test settings."""

from pathlib import Path

import httpx
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.routing import APIRoute
from starlette.middleware import Middleware

from daikou_gateway.adapters.breaker import CircuitBreaker
from daikou_gateway.adapters.page_events import PageEvents
from daikou_gateway.adapters.passwords import Argon2Hasher
from daikou_gateway.adapters.services import ServiceClient, Services, forget_changed_pages
from daikou_gateway.adapters.sessions import SessionStore
from daikou_gateway.adapters.unit_of_work import GatewayUnits
from daikou_gateway.application.accounts import TooManyAttempts
from daikou_gateway.application.policy import AccountPolicy
from daikou_gateway.domain.accounts import PasswordHasher
from daikou_gateway.domain.page_cache import PageCache
from daikou_gateway.entrypoints import consumers, http, routes_paypal
from daikou_gateway.entrypoints.deps import Gateway
from daikou_gateway.entrypoints.routes_live import LiveMetrics
from daikou_gateway.settings import GatewaySettings
from daikou_kit.app import assemble, foundation
from daikou_kit.clock import Clock
from daikou_kit.guard import MIB, BodyLimits, RouteLimit
from daikou_kit.http import CLIENT_KEEPALIVE_S
from daikou_kit.metrics import Metrics
from daikou_kit.migrate import MigrationSet
from daikou_kit.runtime import Service, Worker
from daikou_kit.topology import Names
from daikou_kit.tracing import inject_into_request
from daikou_kit.unit_of_work import Database

MIGRATIONS = MigrationSet("gateway", Path(__file__).parent / "migrations")
DESCRIPTION = (
    "The public API of Daikou for the web client: accounts, orders and the order details page, "
    "payments, messages, staff operations and live events. Sign in with POST /api/v1/sessions and "
    "send the token as `Authorization: Bearer <token>`."
)


def build_services(
    settings: GatewaySettings,
    transport: httpx.AsyncBaseTransport | None = None,
    cache: PageCache | None = None,
) -> tuple[Services, list[httpx.AsyncClient]]:
    """A client for each service's internal API, each with its own small connection pool and
    circuit breaker; the HTTP clients to close at the end."""
    token = settings.internal_token.get_secret_value()
    pool = settings.service_pool_size
    limits = httpx.Limits(
        max_connections=pool, max_keepalive_connections=pool, keepalive_expiry=CLIENT_KEEPALIVE_S
    )
    https: list[httpx.AsyncClient] = []

    def client(name: str, url: str) -> ServiceClient:
        http_client = httpx.AsyncClient(
            limits=limits,
            transport=transport,
            event_hooks={"request": [inject_into_request]},  # the caller's trace goes on
        )
        https.append(http_client)
        breaker = CircuitBreaker(settings.breaker_failures, settings.breaker_open_s)
        timeout = settings.service_timeout_s
        on_write = forget_changed_pages(cache, name) if cache is not None else None
        return ServiceClient(
            name, url, http_client, token, timeout, breaker=breaker, on_write=on_write
        )

    services = Services(
        orders=client("orders", settings.orders_url),
        payments=client("payments", settings.payments_url),
        messaging=client("messaging", settings.messaging_url),
        warehouse=client("warehouse", settings.warehouse_url),
        scheduler=client("scheduler", settings.scheduler_url),
        notifications=client("notifications", settings.notifications_url),
        page_budget_s=settings.page_part_budget_s,
        page_cache=cache,
    )
    return services, https


def operation_id(route: APIRoute) -> str:
    """An operation's id in the OpenAPI document is its handler's name (stable, client-friendly)."""
    return route.name


def add_site_redirect(app: FastAPI, web_url: str) -> None:
    """`GET /`: a browser opening the gateway's address lands on the web site."""

    @app.get("/", include_in_schema=False)
    async def site() -> RedirectResponse:
        return RedirectResponse(web_url, status_code=307)


def body_limits(settings: GatewaySettings) -> BodyLimits:
    """1 MiB per JSON body; more for placing an order, less for PayPal's webhook; uploads stream."""
    return BodyLimits(
        default_bytes=MIB,
        routes=[
            RouteLimit("POST", "/api/v1/orders", 4 * MIB),
            RouteLimit("POST", "/paypal/webhook", 64 * 1024),
        ],
        streamed=["/api/v1/attachments", r"/api/v1/staff/orders/[^/]+/items/[^/]+/inspection"],
    )


def install_account_handlers(app: FastAPI) -> None:
    """429 with Retry-After for sign-in limits."""

    @app.exception_handler(TooManyAttempts)
    async def too_many(_: Request, exc: TooManyAttempts) -> JSONResponse:
        return JSONResponse(
            status_code=429,
            content={"detail": exc.reason, "code": exc.code},
            headers={"Retry-After": str(exc.retry_after_s)},
        )


def cors(settings: GatewaySettings) -> list[Middleware]:
    """CORS only for the configured origins (none by default)."""
    if not settings.cors_allow_origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=settings.cors_allow_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Correlation-Id", "X-Filename"],
            expose_headers=["X-Request-Id", "Retry-After"],
        )
    ]


def page_cache(settings: GatewaySettings) -> tuple[PageCache | None, list[Worker]]:
    """The order pages' cache, and the worker forgetting pages as facts arrive (none when off)."""
    if settings.page_cache_ttl_s <= 0:
        return None, []
    cache = PageCache(
        settings.page_cache_ttl_s,
        settings.page_cache_max_pages,
        degraded_ttl_s=settings.page_cache_degraded_ttl_s,
    )
    names = Names(settings.namespace)
    return cache, [PageEvents(settings.amqp_url, names, cache, settings.page_cache_settle_s)]


def hasher(settings: GatewaySettings) -> Argon2Hasher:
    """The password hasher, with its cost and how many hashes run at once."""
    return Argon2Hasher(
        settings.argon2_time_cost,
        settings.argon2_memory_kib,
        settings.argon2_parallelism,
        settings.hash_concurrency,
        settings.hash_wait_s,
    )


def units(settings: GatewaySettings, database: Database, hashes: PasswordHasher) -> GatewayUnits:
    """The one factory of the gateway's units of work: the account stores, hasher and policy."""
    attempts = SessionStore(database.engine)
    return GatewayUnits(database, hashes, AccountPolicy.from_settings(settings), attempts)


def build(
    settings: GatewaySettings,
    clock: Clock | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[Service, FastAPI]:
    """The service and its HTTP app, sharing one lifespan; `transport` reroutes calls to services."""
    base = foundation(settings, clock)
    cache, workers = page_cache(settings)
    services, http_clients = build_services(settings, transport, cache)
    gateway_units = units(settings, base.database, hasher(settings))
    gateway = Gateway(settings, base.database, base.clock, services, gateway_units)
    metrics = Metrics()
    service, app = assemble(
        base,
        title="gateway",
        description=DESCRIPTION,
        operation_ids=operation_id,
        event_stats=False,
        migrations=MIGRATIONS,
        routers=[http.router, routes_paypal.router],
        queues=consumers.queues(),
        workers=workers,
        metrics=metrics,
        limits=body_limits(settings),
        parts=[gateway, services, LiveMetrics(metrics)],
        unit=gateway_units.unit,
        closers=[c.aclose for c in http_clients],
        middleware=cors(settings),
    )
    install_account_handlers(app)
    http.install_upstream_handler(app)
    add_site_redirect(app, settings.web_url)
    return service, app
