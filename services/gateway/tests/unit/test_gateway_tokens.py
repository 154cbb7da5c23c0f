"""Access tokens: signed, expiring, refused when tampered with."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from daikou_gateway.domain import tokens
from daikou_gateway.domain.accounts import Role, Unauthenticated

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
SECRET = "s3cret-for-tests"


def test_a_token_carries_its_subject_and_role_until_it_expires() -> None:
    subject = uuid4()
    token, issued = tokens.issue(subject, Role.OPS, NOW, timedelta(hours=1), SECRET)
    claims = tokens.verify(token, SECRET, NOW + timedelta(minutes=59))
    assert (claims.subject, claims.role) == (subject, Role.OPS)
    assert claims.expires_at == issued.expires_at == NOW + timedelta(hours=1)


def test_an_expired_token_is_refused() -> None:
    token, _ = tokens.issue(uuid4(), Role.CUSTOMER, NOW, timedelta(hours=1), SECRET)
    with pytest.raises(Unauthenticated) as refused:
        tokens.verify(token, SECRET, NOW + timedelta(hours=1))
    assert refused.value.code == "token_expired"
    assert refused.value.status == 401


def test_a_token_signed_with_another_secret_is_refused() -> None:
    token, _ = tokens.issue(uuid4(), Role.CUSTOMER, NOW, timedelta(hours=1), "other")
    with pytest.raises(Unauthenticated, match="signature"):
        tokens.verify(token, SECRET, NOW)


def test_a_customer_cannot_promote_itself_by_editing_the_claims() -> None:
    token, _ = tokens.issue(uuid4(), Role.CUSTOMER, NOW, timedelta(hours=1), SECRET)
    prefix, body, signature = token.split(".")
    raw = tokens._unb64(body).replace(b'"customer"', b'"ops"')
    forged = f"{prefix}.{tokens._b64(raw)}.{signature}"
    with pytest.raises(Unauthenticated):
        tokens.verify(forged, SECRET, NOW)


@pytest.mark.parametrize("garbage", ["", "abc", "v1.x", "v2.a.b", "v1..", "v1.!!!.sig"])
def test_malformed_tokens_are_refused(garbage: str) -> None:
    with pytest.raises(Unauthenticated):
        tokens.verify(garbage, SECRET, NOW)
