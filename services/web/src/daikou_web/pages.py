"""Rendering: the Jinja2 environment, the context every page gets, and the shared request helpers
route modules use (who is signed in, the gateway as them, a redirect that keeps the session)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from daikou_web import history_labels, i18n, labels
from daikou_web.gateway import Gateway
from daikou_web.pools import GatewayPools
from daikou_web.session import CSRF_FIELD, Session

TEMPLATES = Path(__file__).parent / "templates"


def environment() -> Environment:
    """Templates with autoescaping and gettext (`_()`, `{% trans %}`) in the request's language.

    Undefined values are lenient (the API's optional fields may be absent); the unit tests render
    every page to catch mistakes."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        auto_reload=False,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True
    )
    env.globals.update(gettext=template_gettext, _=template_gettext)
    env.globals.update(
        money=i18n.money, when=i18n.when, day=i18n.day, labels=labels, CSRF_FIELD=CSRF_FIELD
    )
    env.globals.update(said=history_labels)
    return env


_TRANSLATED: dict[tuple[str, str, bool], str] = {}
TRANSLATED_MAX = 20_000
"""Strings kept formatted (the templates' literals in each language hold a few hundred)."""


@pass_context
def template_gettext(context: Context, message: str, **variables: Any) -> str:
    """What Jinja's newstyle gettext gives (the translation, `Markup` when autoescaping, always
    %-formatted), without its two indirect calls per string: a string without variables is
    translated and formatted once per language. Rendering called it for every string of a page."""
    autoescape = bool(context.eval_ctx.autoescape)
    if variables:
        return _formatted(message, variables, autoescape)
    key = (i18n.language(), message, autoescape)
    done = _TRANSLATED.get(key)
    if done is None:
        done = _formatted(message, {}, autoescape)
        if len(_TRANSLATED) < TRANSLATED_MAX:
            _TRANSLATED[key] = done
    return done


def _formatted(message: str, variables: dict[str, Any], autoescape: bool) -> str:
    text = i18n.gettext(message)
    if not autoescape:
        return text % variables
    # A template's literal or its translation in our catalogue, trusted as Jinja's gettext trusts
    # them; the variables are escaped by the formatting.
    return Markup(text) % variables  # noqa: S704


class SignInRequired(Exception):
    """The page needs a signed-in account (of one of `roles`, when given)."""

    def __init__(self, roles: tuple[str, ...] = ()) -> None:
        super().__init__("sign in required")
        self.roles = roles


def session_of(request: Request) -> Session:
    """The request's session (read by the session middleware)."""
    session: Session = request.state.session
    return session


def set_session(request: Request, session: Session) -> None:
    """Replace the session; the middleware writes the cookie with the response."""
    request.state.session = session


def require(request: Request, *roles: str) -> Session:
    """The signed-in session, of one of `roles` if given; otherwise the sign-in page."""
    session = session_of(request)
    if not session.signed_in or (roles and session.role not in roles):
        raise SignInRequired(roles)
    return session


def gateway(request: Request, session: Session | None = None) -> Gateway:
    """The public API as the request's signed-in account (or anonymous)."""
    http = gateway_client(request)
    token = (session or session_of(request)).token
    return Gateway(http, token)


def gateway_client(request: Request) -> httpx.AsyncClient:
    """The next of the site's clients to the gateway (`daikou_web.pools`)."""
    pools: GatewayPools = request.app.state.gateway_pools
    return pools.next()


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page (or, for htmx requests, a fragment template) in the request's language."""
    env: Environment = request.app.state.templates
    session = session_of(request)
    page = env.get_template(template).render(
        request=request,
        session=session,
        csrf=session.csrf,
        lang=i18n.language(),
        htmx=request.headers.get("hx-request") == "true",
        path=request.url.path,
        quote=quote,
        **context,
    )
    return HTMLResponse(page, status_code=status_code)


def redirect(url: str, request: Request | None = None) -> Response:
    """See other (303); for htmx requests an `HX-Redirect` so the whole page moves."""
    if request is not None and request.headers.get("hx-request") == "true":
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


Renderer = Callable[..., HTMLResponse]
