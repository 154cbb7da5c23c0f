"""Signed, expiring access tokens: `v1.<claims>.<HMAC-SHA256>`, base64url without padding."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from daikou_gateway.domain.accounts import Unauthenticated
from daikou_kit.actors import Role

PREFIX = "v1"


@dataclass(frozen=True)
class Claims:
    """Who a token speaks for, and until when."""

    subject: UUID
    role: Role
    issued_at: datetime
    expires_at: datetime
    session_id: UUID | None = None
    """The server-side session the token belongs to (sign-out revokes it)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(body: str, secret: str) -> str:
    return _b64(hmac.new(secret.encode(), f"{PREFIX}.{body}".encode(), hashlib.sha256).digest())


def issue(
    subject: UUID,
    role: Role,
    now: datetime,
    ttl: timedelta,
    secret: str,
    *,
    session_id: UUID | None = None,
) -> tuple[str, Claims]:
    """A token for the subject (and its session), valid for `ttl` from `now`."""
    claims = Claims(subject, role, now, now + ttl, session_id)
    raw = {
        "sub": str(subject),
        "role": role.value,
        "iat": int(now.timestamp()),
        "exp": int(claims.expires_at.timestamp()),
    }
    if session_id is not None:
        raw["sid"] = str(session_id)
    body = _b64(json.dumps(raw, separators=(",", ":")).encode())
    return f"{PREFIX}.{body}.{_sign(body, secret)}", claims


def verify(token: str, secret: str, now: datetime) -> Claims:
    """The token's claims when its signature holds and it has not expired; else Unauthenticated."""
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise Unauthenticated("malformed access token", code="invalid_token")
    body, signature = parts[1], parts[2]
    if not hmac.compare_digest(signature.encode(), _sign(body, secret).encode()):
        raise Unauthenticated("access token signature does not match", code="invalid_token")
    try:
        raw = json.loads(_unb64(body))
        claims = Claims(
            subject=UUID(raw["sub"]),
            role=Role(raw["role"]),
            issued_at=datetime.fromtimestamp(int(raw["iat"]), UTC),
            expires_at=datetime.fromtimestamp(int(raw["exp"]), UTC),
            session_id=UUID(raw["sid"]) if "sid" in raw else None,
        )
    except (ValueError, KeyError, TypeError):
        raise Unauthenticated("malformed access token", code="invalid_token") from None
    if now >= claims.expires_at:
        raise Unauthenticated("access token expired; sign in again", code="token_expired")
    return claims
