"""The session: a signed, HttpOnly, SameSite=Lax cookie; and the CSRF token every form carries.

The cookie holds the gateway's access token, the account's name and role and a CSRF token,
signed with `itsdangerous` (tampering invalidates it; page scripts cannot read it). The CSRF
token is also put in every form (`csrf_token`) and in htmx's requests (`X-CSRF-Token`); every
POST must present the one its session holds.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import asdict, dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

COOKIE = "daikou_session"
LANG_COOKIE = "daikou_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class Session:
    """Who is signed in (if anyone) and this browser's CSRF token."""

    csrf: str
    token: str | None = None
    account_id: str | None = None
    name: str | None = None
    role: str | None = None

    @property
    def signed_in(self) -> bool:
        """Whether an account is signed in."""
        return self.token is not None

    @property
    def is_staff(self) -> bool:
        """Whether the signed-in account is a staff member (ops or warehouse)."""
        return self.role in {"ops", "warehouse"}

    def signed_in_as(self, token: str, account: dict[str, Any]) -> Session:
        """A fresh session for an account (a new CSRF token, as after any sign-in)."""
        return Session(
            csrf=secrets.token_urlsafe(24),
            token=token,
            account_id=str(account["id"]),
            name=str(account.get("display_name", "")),
            role=str(account.get("role", "")),
        )

    def signed_out(self) -> Session:
        """No one signed in, a new CSRF token."""
        return Session(csrf=secrets.token_urlsafe(24))


class SessionCodec:
    """Signs and reads the session cookie."""

    def __init__(self, secret: str, max_age_s: int, secure: bool) -> None:
        self.serializer = URLSafeTimedSerializer(secret, salt="daikou-web-session")
        self.max_age_s = max_age_s
        self.secure = secure

    def read(self, request: Request) -> Session | None:
        """The session the request's cookie holds; None when it holds none that is valid (no
        cookie, one not signed with this secret, expired or malformed)."""
        raw = request.cookies.get(COOKIE)
        if raw:
            try:
                data = self.serializer.loads(raw, max_age=self.max_age_s)
                if isinstance(data, dict) and isinstance(data.get("csrf"), str):
                    return _session_from(data)
            except (BadSignature, TypeError):
                pass
        return None

    @staticmethod
    def fresh() -> Session:
        """A new anonymous session with its own CSRF token."""
        return Session(csrf=secrets.token_urlsafe(24))

    def header(self, session: Session) -> str:
        """The `Set-Cookie` value that stores `session`."""
        carrier = Response()
        carrier.set_cookie(
            COOKIE,
            self.serializer.dumps(asdict(session)),
            max_age=self.max_age_s,
            httponly=True,
            samesite="lax",
            secure=self.secure,
            path="/",
        )
        return carrier.headers["set-cookie"]


def _session_from(data: dict[str, Any]) -> Session:
    def text(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) else None

    return Session(
        csrf=str(data["csrf"]),
        token=text("token"),
        account_id=text("account_id"),
        name=text("name"),
        role=text("role"),
    )


def csrf_ok(session: Session, request: Request, form: FormData | None) -> bool:
    """Whether the request presents the session's CSRF token (form field or htmx header)."""
    given = request.headers.get(CSRF_HEADER) or ""
    if not given and form is not None:
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else ""
    return bool(given) and hmac.compare_digest(given.encode(), session.csrf.encode())
