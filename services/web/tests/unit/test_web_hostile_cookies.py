"""Hostile cookies: a page with a fresh session in the default language, never a 500."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from web_support import METRICS_TOKEN, StandInGateway, csrf_of, site

from daikou_web.settings import WebSettings
from daikou_web.wiring import build


@pytest.mark.parametrize(
    "cookie",
    [
        "daikou_session=\x00\x00",
        "daikou_session=" + "A" * 6000,
        "daikou_session=eyJ.not.signed; daikou_lang=xx",
        "daikou_lang=" + "ja" * 3000,
        "daikou_session=%ZZ; daikou_lang=%00en",
        "=; ;;; daikou_session",
        'daikou_session="unterminated',
    ],
)
def test_a_hostile_cookie_gets_a_fresh_session(client: TestClient, cookie: str) -> None:
    page = client.get("/", headers={"Cookie": cookie})
    assert page.status_code == 200
    assert '<html lang="ja">' in page.text
    assert "daikou_session=" in page.headers["set-cookie"]
    assert page.headers["x-frame-options"] == "DENY"


def test_a_session_signed_with_another_secret_is_replaced_and_forms_work(
    stand_in: StandInGateway,
) -> None:
    """After the session secret changes, a browser's old cookie is replaced at its next page, so
    the CSRF token that page shows is the one the next POST is checked against."""
    old = build(
        WebSettings(
            gateway_url="http://gateway.test",
            metrics_token=METRICS_TOKEN,
            session_secret=SecretStr("an-older-secret-of-32-characters"),
        ),
        transport=httpx.MockTransport(stand_in.handle),
    )
    with TestClient(old, base_url="http://site.test") as before:
        stale = before.get("/").cookies["daikou_session"]
    with site(stand_in) as client:
        client.cookies.set("daikou_session", stale, domain="site.test")
        page = client.get("/")
        assert "daikou_session=" in page.headers["set-cookie"]
        token = csrf_of(client, "/")
        switched = client.post(
            "/language",
            data={"lang": "en", "next": "/", "csrf_token": token},
            follow_redirects=False,
        )
        assert switched.status_code == 303
