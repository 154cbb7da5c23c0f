"""HTTP metrics: a pure ASGI middleware labelling requests by route template, and `GET /metrics`."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from daikou_kit.metrics import CONTENT_TYPE, Metrics, Stopwatch

UNMATCHED = "unmatched"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_template(scope: Scope) -> str:
    """The template of the route that answered (`/api/v1/orders/{order_id}`), or `unmatched`.

    Under a mounted app the template starts with the mount's path; a mount serving files (no
    routes of its own) counts under its path.
    """
    route = scope.get("route")
    path = getattr(route, "path", None)
    # FastAPI keeps an included router's route unprefixed; the path it matched is kept apart
    effective = (scope.get("fastapi") or {}).get("effective_route_context")
    full = getattr(effective, "path_format", None)
    if isinstance(full, str) and full:
        path = full
    if not isinstance(path, str):
        return UNMATCHED
    root = str(scope.get("root_path", ""))
    app_root = str(scope.get("app_root_path", root))
    prefix = root[len(app_root) :] if root.startswith(app_root) else ""
    if isinstance(route, Mount):
        return prefix or path
    return prefix + path


class HttpMetrics:
    """Counts each request and times it until its status is sent, by method, route and status."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        watch = Stopwatch()
        status = 500
        elapsed: float | None = None

        async def timed_send(message: Message) -> None:
            nonlocal status, elapsed
            if message["type"] == "http.response.start":
                status, elapsed = int(message["status"]), watch.seconds()
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        finally:
            method = scope["method"] if scope["method"] in METHODS else "other"
            route = route_template(scope)
            self.metrics.http_requests.labels(method, route, str(status)).inc()
            seconds = elapsed if elapsed is not None else watch.seconds()
            self.metrics.http_seconds.labels(method, route).observe(seconds)


@dataclass(frozen=True)
class ScrapeAccess:
    """Who may read `GET /metrics`.

    With a `token`, only a scrape that gives it as `Authorization: Bearer <token>`. Without one, a
    service on an internal network is open to its scraper, and a `public` one (the gateway, the
    web site: ports anyone can reach) refuses every scrape.
    """

    token: str | None = None
    public: bool = False

    def refusal(self, request: Request) -> JSONResponse | None:
        """The answer to a scrape that may not read the metrics, or None when it may."""
        if self.token is None:
            if not self.public:
                return None
            reason = "metrics on a public port need DAIKOU_METRICS_TOKEN (given as a bearer token)"
            return JSONResponse({"detail": reason, "code": "metrics_closed"}, status_code=403)
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if hmac.compare_digest(given.encode(), self.token.encode()):
            return None
        return JSONResponse(
            {"detail": "a bearer token is needed to read the metrics", "code": "unauthenticated"},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )


def add_metrics(
    app: FastAPI,
    metrics: Metrics,
    refresh: Callable[[], Awaitable[None]] | None = None,
    access: ScrapeAccess = ScrapeAccess(),
) -> None:
    """Record the app's requests into `metrics` and serve them at `GET /metrics` to `access`.

    `refresh` reads the database gauges first (the kit's services pass their probes).
    """
    app.add_middleware(HttpMetrics, metrics=metrics)

    async def scrape(request: Request) -> Response:
        if (refused := access.refusal(request)) is not None:
            return refused
        if refresh is not None:
            await refresh()
        return Response(metrics.exposition(), media_type=CONTENT_TYPE)

    app.add_api_route(
        "/metrics", scrape, methods=["GET"], include_in_schema=False, response_model=None
    )
