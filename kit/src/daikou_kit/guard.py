"""The request guard every service's HTTP app runs first (pure ASGI, so uploads still stream).

For each request it:
- gives the request an id (`X-Request-Id`, else `X-Correlation-Id`, when it is a short token; else
  a new one), answers it in a header and adds it as `request_id` to every JSON error body that has
  none;
- reads a JSON (or untyped, text or form) body up to the route's limit and answers 413 beyond it,
  then refuses with 422 (shaped like a validation error: `detail` is a list of `{type, loc, msg}`) a body carrying a NUL character, an unpaired surrogate, a NaN
  or an infinity, an integer beyond `MAX_INTEGER`, or nesting deeper than `MAX_DEPTH`; a NUL in the
  query string is refused the same way. Multipart and binary bodies pass untouched: their routes
  stream them under their own limits;
- turns an exception that escaped the app into a JSON 500 with the request id, so the server keeps
  the keep-alive connection (an exception reaching the server makes it drop the connection);
- sets the security headers on every response: `X-Content-Type-Options: nosniff`,
  `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`, and a content security policy (a strict
  one for data, one that lets the interactive API docs load for HTML pages).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from daikou_contracts.text import MAX_DEPTH, UnsafeValueError, check_tree
from daikou_kit.digits import digits_value

log = logging.getLogger(__name__)

MIB = 1024 * 1024
REQUEST_ID_HEADER = "x-request-id"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_CHECKED_TYPES = ("application/json", "text/", "application/x-www-form-urlencoded")
_DRAIN_MAX = 64 * MIB
"""A body over its limit is read and dropped up to this much, so the connection stays usable."""
_ERROR_BODY_MAX = 256 * 1024

DATA_CSP = "default-src 'none'; frame-ancestors 'none'"
PAGE_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)


@dataclass(frozen=True)
class RouteLimit:
    """A body limit for the routes whose method and path match."""

    method: str
    path: str
    """A regular expression matched against the whole path."""
    max_bytes: int


@dataclass(frozen=True)
class BodyLimits:
    """The body limit of each route: `default_bytes` unless a `RouteLimit` matches first."""

    default_bytes: int = MIB
    routes: Sequence[RouteLimit] = ()
    streamed: Sequence[str] = ()
    """Paths (regular expressions) whose bodies the route streams under its own limit: untouched."""
    max_depth: int = MAX_DEPTH
    _compiled: list[tuple[str, re.Pattern[str], int]] = field(
        default_factory=list, init=False, compare=False
    )
    _streamed: list[re.Pattern[str]] = field(default_factory=list, init=False, compare=False)

    def __post_init__(self) -> None:
        self._streamed.extend(re.compile(p) for p in self.streamed)
        for route in self.routes:
            self._compiled.append((route.method.upper(), re.compile(route.path), route.max_bytes))

    def is_streamed(self, path: str) -> bool:
        """Whether the route streams its body itself."""
        return any(p.fullmatch(path) for p in self._streamed)

    def for_route(self, method: str, path: str) -> int:
        """The limit for one request."""
        for route_method, pattern, max_bytes in self._compiled:
            if route_method == method and pattern.fullmatch(path):
                return max_bytes
        return self.default_bytes


class RequestGuard:
    """The ASGI middleware described in the module's docstring."""

    def __init__(self, app: ASGIApp, limits: BodyLimits | None = None) -> None:
        self.app = app
        self.limits = limits or BodyLimits()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        reply = _Reply(send, request_id)
        refusal, receive = await self._check(scope, receive)
        if refusal is not None:
            status, code, reason = refusal
            await reply.json(status, {"detail": _detail(status, code, reason), "code": code})
            return
        try:
            await self.app(scope, receive, reply.send)
        except Exception:
            log.exception("unhandled error in %s %s", scope.get("method"), scope.get("path"))
            if reply.started:
                raise
            await reply.json(500, {"detail": "internal error", "code": "internal_error"})

    async def _check(
        self, scope: Scope, receive: Receive
    ) -> tuple[tuple[int, str, str] | None, Receive]:
        if b"%00" in scope.get("query_string", b"").lower():
            return (422, "nul_character", "the query string contains a NUL character"), receive
        if scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE") and not _has_body(scope):
            return None, receive
        content_type = _header(scope, b"content-type").lower()
        if content_type and not content_type.startswith(_CHECKED_TYPES):
            return None, receive
        if self.limits.is_streamed(scope["path"]):
            return None, receive
        limit = self.limits.for_route(scope["method"], scope["path"])
        body, too_large = await _read(receive, limit, _content_length(scope))
        if too_large:
            return (413, "body_too_large", f"the body is larger than {limit} bytes"), receive
        refusal = _inspect(body, content_type, self.limits.max_depth)
        return refusal, _replay(body, receive)


class _Reply:
    """Wraps `send`: security headers, the request id, and the id inside JSON error bodies."""

    def __init__(self, send: Send, request_id: str) -> None:
        self._send = send
        self.request_id = request_id
        self.started = False
        self._held: Message | None = None
        self._chunks: list[bytes] = []

    async def json(self, status: int, content: dict[str, Any]) -> None:
        body = json.dumps({**content, "request_id": self.request_id}).encode()
        await self.send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", b"%d" % len(body)),
                ],
            }
        )
        await self.send({"type": "http.response.body", "body": body})

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            message = self._decorate(message)
            if (
                message["status"] >= 400
                and _is_json(message)
                and 0 < _length(message) < _ERROR_BODY_MAX
            ):
                self._held = message
                return
            await self._send(message)
            return
        if self._held is not None and message["type"] == "http.response.body":
            self._chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._flush()
            return
        await self._send(message)

    def _decorate(self, message: Message) -> Message:
        headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
        names = {k.lower() for k, _ in headers}
        headers += [h for h in SECURITY_HEADERS if h[0] not in names]
        if b"content-security-policy" not in names:
            page = any(
                k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers
            )
            headers.append((b"content-security-policy", (PAGE_CSP if page else DATA_CSP).encode()))
        headers.append((b"x-request-id", self.request_id.encode()))
        return {**message, "headers": headers}

    async def _flush(self) -> None:
        assert self._held is not None
        body = b"".join(self._chunks)
        try:
            content = json.loads(body)
        except ValueError:
            content = None
        if isinstance(content, dict) and not content.get("request_id"):
            content["request_id"] = self.request_id
            body = json.dumps(content).encode()
        headers = [(k, v) for k, v in self._held["headers"] if k.lower() != b"content-length"]
        headers.append((b"content-length", b"%d" % len(body)))
        await self._send({**self._held, "headers": headers})
        await self._send({"type": "http.response.body", "body": body})
        self._held = None


def _detail(status: int, code: str, reason: str) -> str | list[dict[str, Any]]:
    """A 422 is shaped like the framework's validation errors (a list), so it matches the schema."""
    if status != 422:
        return reason
    where = "query" if "query string" in reason else "body"
    return [{"type": code, "loc": [where], "msg": reason}]


def _inspect(body: bytes, content_type: str, max_depth: int) -> tuple[int, str, str] | None:
    if not body or not (content_type == "" or "json" in content_type):
        return None
    try:
        data = json.loads(body, parse_constant=_refuse_constant)
    except UnsafeValueError as exc:
        return 422, exc.code, exc.reason
    except RecursionError:
        return 422, "too_deeply_nested", f"the body is nested deeper than {max_depth} levels"
    except ValueError:
        return None  # not JSON: the route answers with its own 422
    try:
        check_tree(data, "body", max_depth)
    except UnsafeValueError as exc:
        return 422, exc.code, exc.reason
    return None


def _refuse_constant(name: str) -> Any:
    raise UnsafeValueError("non_finite_number", f"the body contains {name}, not a finite number")


async def _read(receive: Receive, limit: int, declared: int | None) -> tuple[bytes, bool]:
    """The whole body, or (b"", True) once it exceeds `limit` (the rest is read and dropped)."""
    too_large = declared is not None and declared > limit
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        more = message.get("more_body", False)
        if size > limit:
            too_large = True
        if too_large:
            chunks.clear()
            if size > _DRAIN_MAX:
                break
        else:
            chunks.append(chunk)
    return b"".join(chunks), too_large


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return ""


def _content_length(scope: Scope) -> int | None:
    value = _header(scope, b"content-length")
    return digits_value(value)


def _has_body(scope: Scope) -> bool:
    return bool(_content_length(scope)) or bool(_header(scope, b"transfer-encoding"))


def _request_id(scope: Scope) -> str:
    for name in (REQUEST_ID_HEADER, "x-correlation-id"):
        given = _header(scope, name.encode())
        if _REQUEST_ID.match(given):
            return given
    return uuid.uuid4().hex


def _is_json(message: Message) -> bool:
    return any(k.lower() == b"content-type" and b"json" in v for k, v in message.get("headers", []))


def _length(message: Message) -> int:
    for key, value in message.get("headers", []):
        if key.lower() == b"content-length":
            return digits_value(value) or 0
    return 0
