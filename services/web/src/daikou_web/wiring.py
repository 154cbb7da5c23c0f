"""The one place that builds the web client: the app, its gateway client, sessions, security
headers, the CSRF check on every POST and every area's routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from daikou_kit.http import CLIENT_KEEPALIVE_S
from daikou_kit.logs import RequestContext
from daikou_kit.metrics import Metrics
from daikou_kit.metrics_http import ScrapeAccess, add_metrics
from daikou_kit.tracing import inject_into_request
from daikou_kit.tracing_http import TraceRequests
from daikou_web.errors import explain, shown_status
from daikou_web.gateway import GatewayError
from daikou_web.middleware import SessionAndHeaders
from daikou_web.pages import SignInRequired, environment, redirect, render, session_of
from daikou_web.pools import open_pools
from daikou_web.routes import (
    auth,
    customer_messages,
    customer_notices,
    customer_order_page,
    customer_orders,
    customer_payments,
    customer_statement,
    ops_dashboard,
    public,
    staff_calendar,
    staff_home,
    staff_ops,
    staff_ops_inbox,
    staff_ops_mails,
    staff_ops_money,
    staff_order,
    staff_shipping,
    staff_warehouse,
)
from daikou_web.session import SessionCodec, csrf_ok
from daikou_web.settings import WebSettings

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
ROUTERS = (
    auth.router,
    customer_messages.router,
    customer_notices.preferences_router,
    customer_notices.router,
    customer_order_page.follow_up_router,
    customer_order_page.router,
    customer_orders.new_order_router,  # `/orders/new` before the list's routes
    customer_orders.router,
    customer_payments.router,
    customer_statement.router,
    ops_dashboard.router,
    public.router,
    staff_calendar.router,
    staff_home.router,
    staff_ops.router,
    staff_ops_inbox.router,
    staff_ops_mails.router,
    staff_ops_money.router,
    staff_order.router,
    staff_shipping.router,
    staff_warehouse.router,
)
"""Every area's routes, in the order they are matched."""
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


async def csrf_guard(request: Request) -> None:
    """Every POST presents its session's CSRF token, or is refused with 403."""
    if request.method != "POST":
        return
    content_type = request.headers.get("content-type", "")
    form = await request.form() if content_type.startswith(FORM_TYPES) else None
    if not csrf_ok(session_of(request), request, form):
        raise HTTPException(403, "csrf")


def build(settings: WebSettings, transport: httpx.AsyncBaseTransport | None = None) -> FastAPI:
    """The web app; `transport` reroutes its calls to the gateway (tests)."""
    codec = SessionCodec(
        settings.session_secret.get_secret_value(),
        settings.session_max_age_s,
        settings.secure_cookies,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        size = settings.gateway_pool_size

        def client() -> httpx.AsyncClient:
            return httpx.AsyncClient(
                base_url=settings.gateway_url,
                timeout=settings.gateway_timeout_s,
                transport=transport,
                limits=httpx.Limits(
                    max_connections=size,
                    max_keepalive_connections=size,
                    keepalive_expiry=CLIENT_KEEPALIVE_S,
                ),
                event_hooks={"request": [inject_into_request]},  # the page's trace goes on
            )

        async with open_pools(settings.gateway_pools, client) as pools:
            app.state.gateway_pools = pools
            yield

    app = FastAPI(
        title="Daikou web",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(csrf_guard)],
    )
    app.state.settings = settings
    app.state.templates = environment()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    app.add_middleware(
        SessionAndHeaders,
        codec=codec,
        default_language=settings.default_language,
        headers=SECURITY_HEADERS,
    )
    install_error_pages(app)
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else None
    # requests by route template at GET /metrics, for a scraper that has the metrics token
    add_metrics(app, Metrics(), access=ScrapeAccess(token=token, public=True))
    app.add_middleware(RequestContext)  # log lines carry the request's correlation id
    app.add_middleware(TraceRequests, service="web")  # a page is a span when tracing is on
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/health", include_in_schema=False)
    @app.get("/health/live", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def install_error_pages(app: FastAPI) -> None:
    """Sign-in redirects, refused CSRF, an unreachable gateway: each a page, never a stack trace."""

    @app.exception_handler(SignInRequired)
    async def sign_in(request: Request, exc: SignInRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return redirect(f"/sign-in?next={quote(target, safe='')}", request)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return render(request, "error.html", status_code=exc.status_code, error=exc.detail)

    @app.exception_handler(GatewayError)
    async def gateway_error(request: Request, exc: GatewayError) -> Response:
        if exc.status == 401:
            request.state.session = session_of(request).signed_out()
            return redirect("/sign-in", request)
        if exc.status >= 500:
            log.warning("%s %s: the API failed: %s", request.method, request.url.path, exc)
        page = render(request, "error.html", status_code=shown_status(exc), error=explain(exc))
        if exc.status == 503:
            page.headers["Retry-After"] = exc.retry_after or "1"
        return page
