"""Around every page: its session and language before it, the session cookie and the security
headers on its answer.

Plain ASGI rather than `@app.middleware("http")`: Starlette's `BaseHTTPMiddleware` runs the page in
a task of its own and streams its answer back through a memory channel, which cost the site about
a tenth of its CPU per page (py-spy, fifty readers at once).
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from daikou_web import i18n
from daikou_web.session import LANG_COOKIE, Session, SessionCodec


class SessionAndHeaders:
    """Before the page: its session (a fresh one if the cookie holds none) in
    `request.state.session`, its language from its cookie. On its answer: the session cookie when
    the page changed the session or the browser's cookie held no valid one (none, expired, or
    signed with another secret: left in place, every request would get a fresh CSRF token and
    every form would be refused); `headers` unless the page set them; `Cache-Control: no-store`
    on everything but `/static/`."""

    def __init__(
        self,
        app: ASGIApp,
        codec: SessionCodec,
        default_language: str,
        headers: Mapping[str, str],
    ) -> None:
        self.app = app
        self.codec = codec
        self.default_language = default_language
        self.headers = dict(headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        stored = self.codec.read(request)
        session = stored or self.codec.fresh()
        request.state.session = session
        cacheable = scope["path"].startswith("/static/")

        async def answer(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                now: Session = request.state.session
                if now != stored:  # a new or changed session, or a cookie that held none
                    headers.append("set-cookie", self.codec.header(now))
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
                if not cacheable:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        token = i18n.set_language(request.cookies.get(LANG_COOKIE, self.default_language))
        try:
            await self.app(scope, receive, answer)
        finally:
            i18n.reset_language(token)
