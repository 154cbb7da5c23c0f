"""HTTP metrics: a pure ASGI middleware labelling requests by route template, and `GET /metrics`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Response
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


def add_metrics(
    app: FastAPI, metrics: Metrics, refresh: Callable[[], Awaitable[None]] | None = None
) -> None:
    """Record the app's requests into `metrics` and serve them at `GET /metrics`.

    `refresh` reads the database gauges first (the kit's services pass their probes).
    """
    app.add_middleware(HttpMetrics, metrics=metrics)

    async def scrape() -> Response:
        if refresh is not None:
            await refresh()
        return Response(metrics.exposition(), media_type=CONTENT_TYPE)

    app.add_api_route(
        "/metrics", scrape, methods=["GET"], include_in_schema=False, response_model=None
    )
