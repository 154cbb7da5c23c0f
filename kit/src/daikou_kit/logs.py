"""Structured logs: one JSON object per line when stderr is not a terminal, a readable line on one.

Every line carries the service and, where there is one, the correlation id, the message id and the
order id (and the trace id when tracing is on). The kit fills them in without any service passing them along: the consumer wiring sets
them for each delivery (`message_context`), the HTTP middleware for each request (`RequestContext`,
read lazily, so the order id of a route's `{order_id}` appears once the router matched it).
"""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO, Any

from starlette.types import ASGIApp, Receive, Scope, Send

from daikou_kit.tracing import current_trace_id

CORRELATION_HEADER = b"x-correlation-id"
MAX_ID_CHARS = 200
FIELDS = ("correlation_id", "message_id", "order_id", "trace_id")

_message: ContextVar[dict[str, str] | None] = ContextVar("daikou_log_message", default=None)
_request: ContextVar[Scope | None] = ContextVar("daikou_log_request", default=None)


class Tagged:
    """Tags the log lines inside the block with `tags` (the dict stays the caller's to add to).

    A plain class rather than a generator-based context manager: a consumer enters two per message.
    """

    __slots__ = ("_token", "tags")

    def __init__(self, tags: dict[str, str]) -> None:
        self.tags = tags

    def __enter__(self) -> dict[str, str]:
        self._token = _message.set(self.tags)
        return self.tags

    def __exit__(self, *_: object) -> None:
        _message.reset(self._token)


def message_context(**ids: object) -> Tagged:
    """Tag the log lines inside the block with these ids (None values are left out).

    Yields the tags; the caller may add to them (e.g. the order id once the message is decoded).
    """
    return Tagged({k: str(v) for k, v in ids.items() if v is not None and str(v)})


def message_tags() -> dict[str, str]:
    """A copy of the current message's tags (to tag another task's lines for the same message)."""
    return dict(_message.get() or {})


def add_ids(*, correlation_id: str, message_id: object, order_id: object | None) -> None:
    """Add a decoded message's ids to the current message's tags: those its delivery's properties
    did not carry (when they do, they repeat the envelope's), and the order it is about."""
    tags = _message.get()
    if tags is None:
        return
    if "correlation_id" not in tags:
        tags["correlation_id"] = correlation_id
    if "message_id" not in tags:
        tags["message_id"] = str(message_id)
    if order_id is not None:
        tags["order_id"] = str(order_id)


_NAMES_ORDER: dict[type, bool] = {}
"""Per payload type, whether it may name an order (a model's fields are looked up once)."""


def order_id_of(payload: object) -> object | None:
    """The order a message is about, when its payload names one."""
    kind = type(payload)
    names_order = _NAMES_ORDER.get(kind)
    if names_order is None:
        fields = getattr(kind, "model_fields", None)
        names_order = _NAMES_ORDER[kind] = fields is None or "order_id" in fields
    return getattr(payload, "order_id", None) if names_order else None


def current_ids() -> dict[str, str]:
    """The ids the current message or request carries."""
    tags = _message.get()
    if tags is not None:
        return dict(tags)
    scope = _request.get()
    return _request_ids(scope) if scope is not None else {}


def _request_ids(scope: Scope) -> dict[str, str]:
    ids: dict[str, str] = {}
    headers = dict(scope.get("headers") or [])
    given = headers.get(CORRELATION_HEADER, b"").decode("latin-1")
    state = scope.get("state") or {}
    chosen = state.get("correlation_id") or state.get("request_id")
    if 0 < len(given) <= MAX_ID_CHARS:
        ids["correlation_id"] = given
    elif chosen:
        ids["correlation_id"] = str(chosen)
    order_id = (scope.get("path_params") or {}).get("order_id")
    if order_id is not None:
        ids["order_id"] = str(order_id)[:MAX_ID_CHARS]
    return ids


class RequestContext:
    """Pure ASGI middleware: the log lines of a request carry its correlation and order ids."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _request.set(scope)
        try:
            await self.app(scope, receive, send)
        finally:
            _request.reset(token)


class ContextFilter(logging.Filter):
    """Adds the service and the current ids to every record."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        """Annotate; never drops a record."""
        record.service = self.service
        ids = current_ids()
        trace_id = current_trace_id()
        if trace_id is not None:
            ids["trace_id"] = trace_id
        record.ids = ids
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, service, ids, exception."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "service": getattr(record, "service", ""),
            **getattr(record, "ids", {}),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class ReadableFormatter(logging.Formatter):
    """`09:00:00.123 INFO orders daikou_kit.consumer [correlation_id=… order_id=…] message`."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a line for a person."""
        ids = getattr(record, "ids", {})
        tags = " ".join(f"{k}={ids[k]}" for k in FIELDS if k in ids)
        stamp = datetime.fromtimestamp(record.created).strftime("%H:%M:%S.%f")[:-3]
        line = f"{stamp} {record.levelname} {getattr(record, 'service', '')} {record.name}"
        line += f" [{tags}] {record.getMessage()}" if tags else f" {record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def log_handler(
    service: str, stream: IO[str], *, json_lines: bool | None = None
) -> logging.Handler:
    """A handler writing the service's lines to `stream` (JSON unless `stream` is a terminal)."""
    handler = logging.StreamHandler(stream)
    as_json = not stream.isatty() if json_lines is None else json_lines
    handler.setFormatter(JsonFormatter() if as_json else ReadableFormatter())
    handler.addFilter(ContextFilter(service))
    return handler


SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


def configure_logging(service: str, level: str = "INFO", stream: IO[str] | None = None) -> None:
    """Send every logger's lines (uvicorn's too) through the service's one handler on stderr."""
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(log_handler(service, stream or sys.stderr))
    root.setLevel(level.upper())
    for name in SERVER_LOGGERS:  # uvicorn's own configuration may have set handlers and levels
        server = logging.getLogger(name)
        server.handlers.clear()
        server.setLevel(logging.NOTSET)
        server.propagate = True
        server.disabled = False
