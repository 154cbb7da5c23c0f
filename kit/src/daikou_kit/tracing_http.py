"""The HTTP side of tracing: a server span per request, named by its route template (the trace
context itself lives in `daikou_kit.tracing`, which needs no web framework)."""

from __future__ import annotations

from opentelemetry.trace import SpanKind, Status, StatusCode
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from daikou_kit.metrics_http import route_template
from daikou_kit.tracing import enabled, span


class TraceRequests:
    """Pure ASGI middleware: a server span per request, named by its route template."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not enabled() or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v for k, v in scope.get("headers") or []}
        method = str(scope["method"])
        attributes = {"http.request.method": method, "daikou.service": self.service}
        with span(f"{method}", SpanKind.SERVER, parent=headers, attributes=attributes) as current:
            assert current is not None

            async def traced_send(message: Message) -> None:
                if message["type"] == "http.response.start":
                    current.set_attribute("http.response.status_code", int(message["status"]))
                    if int(message["status"]) >= 500:
                        current.set_status(Status(StatusCode.ERROR))
                await send(message)

            try:
                await self.app(scope, receive, traced_send)
            finally:
                route = route_template(scope)
                current.update_name(f"{method} {route}")
                current.set_attribute("http.route", route)
