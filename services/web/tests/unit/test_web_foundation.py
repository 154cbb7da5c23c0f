"""The site's foundation: pages in Japanese first, the remembered language switch, the session
cookie, CSRF on every POST, the security headers, money and JST."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from web_support import METRICS_TOKEN, StandInGateway, csrf_of, sign_in, site

from daikou_kit import tracing
from daikou_web import i18n
from daikou_web.settings import WebSettings
from daikou_web.wiring import ROUTERS, build


def test_top_page_is_in_japanese_with_calendar_and_feedback(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="ja">' in page.text
    assert "送料計算" in page.text
    assert "営業日カレンダー" in page.text
    assert "とても丁寧でした" in page.text
    assert "無料会員登録" in page.text


def test_language_switch_is_remembered(client: TestClient) -> None:
    token = csrf_of(client, "/")
    switched = client.post(
        "/language",
        data={"lang": "en", "next": "/sign-in", "csrf_token": token},
        follow_redirects=False,
    )
    assert switched.status_code == 303
    assert switched.headers["location"] == "/sign-in"
    assert "daikou_lang=en" in switched.headers["set-cookie"]
    again = client.get("/")
    assert '<html lang="en">' in again.text
    assert "Shipping-fee calculator" in again.text


def test_language_switch_never_redirects_off_site(client: TestClient) -> None:
    token = csrf_of(client, "/")
    switched = client.post(
        "/language",
        data={"lang": "en", "next": "//evil.example/", "csrf_token": token},
        follow_redirects=False,
    )
    assert switched.headers["location"] == "/"


def test_every_post_route_refuses_a_missing_or_wrong_csrf_token(client: TestClient) -> None:
    posts = [
        route
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and "POST" in route.methods
    ]
    assert len(posts) >= 3
    csrf_of(client, "/")
    for route in posts:
        path = re.sub(r"\{[^}]+\}", "0b7e4c1e-1111-4a4a-9c9c-000000000001", route.path)
        missing = client.post(path, data={"x": "1"})
        wrong = client.post(path, data={"csrf_token": "forged"})
        assert missing.status_code == 403, route.path
        assert wrong.status_code == 403, route.path
        assert "フォームの有効期限" in missing.text


def test_sign_in_keeps_the_token_in_an_httponly_signed_cookie(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    cookie = next(c for c in client.cookies.jar if c.name == "daikou_session")
    assert cookie.has_nonstandard_attr("HttpOnly")
    page = client.get("/")
    assert "tok-123" not in page.text
    assert "Hanako" in page.text


def test_a_tampered_session_cookie_is_ignored(client: TestClient, stand_in: StandInGateway) -> None:
    sign_in(client, stand_in)
    value = client.cookies.get("daikou_session")
    assert value
    client.cookies.set("daikou_session", value[:-2] + "xx", domain="site.test")
    assert "Hanako" not in client.get("/").text


def test_wrong_password_is_shown_next_to_the_field_with_the_api_reason(
    client: TestClient, stand_in: StandInGateway
) -> None:
    stand_in.on(
        "POST",
        "/sessions",
        (401, {"detail": "wrong email or password", "code": "unauthenticated"}),
    )
    token = csrf_of(client)
    page = client.post(
        "/sign-in", data={"email": "a@b.jp", "password": "nope-nope-nope", "csrf_token": token}
    )
    assert page.status_code == 401
    assert 'id="e-password"' in page.text
    assert "メールアドレスまたはパスワードが違います。 (wrong email or password)" in page.text


def test_registration_error_is_next_to_its_field(
    client: TestClient, stand_in: StandInGateway
) -> None:
    stand_in.on(
        "POST",
        "/accounts",
        (409, {"detail": "an account with this email already exists", "code": "email_taken"}),
    )
    token = csrf_of(client, "/sign-up")
    page = client.post(
        "/sign-up",
        data={"display_name": "H", "email": "h@x.jp", "password": "p" * 12, "csrf_token": token},
    )
    assert page.status_code == 409
    assert '<p class="error" id="e-email" role="alert">' in page.text
    assert "このメールアドレスのアカウントはすでにあります。" in page.text


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"


def test_pages_are_never_cached_but_static_files_may_be(client: TestClient) -> None:
    assert client.get("/").headers["cache-control"] == "no-store"
    script = client.get("/static/htmx.min.js")
    assert "no-store" not in script.headers.get("cache-control", "")
    assert script.headers["x-content-type-options"] == "nosniff"


def test_the_session_cookie_is_sent_again_only_when_the_session_changes(
    client: TestClient, stand_in: StandInGateway
) -> None:
    assert "daikou_session=" in client.get("/").headers.get("set-cookie", "")
    assert "daikou_session=" not in client.get("/").headers.get("set-cookie", "")
    anonymous = client.cookies.get("daikou_session")
    sign_in(client, stand_in)
    assert client.cookies.get("daikou_session") != anonymous
    assert "Hanako" in client.get("/").text


def test_htmx_is_vendored_and_served(client: TestClient) -> None:
    script = client.get("/static/htmx.min.js")
    assert script.status_code == 200
    assert "htmx" in script.text[:200]
    page = client.get("/").text
    assert "https://" not in page.split("<body")[0]


def test_pages_needing_sign_in_redirect_there(client: TestClient) -> None:
    answer = client.get("/orders", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/sign-in?next=")


def test_money_and_jst() -> None:
    assert i18n.money(4184) == "¥4,184"
    assert i18n.money({"amount": 1234567, "currency": "JPY"}) == "¥1,234,567"
    assert i18n.money(-500) == "-¥500"
    moment = datetime(2026, 12, 2, 16, 30, tzinfo=UTC)
    token = i18n.set_language("ja")
    try:
        assert i18n.when(moment) == "2026/12/03 01:30"
    finally:
        i18n._current.reset(token)
    token = i18n.set_language("en")
    try:
        assert i18n.when("2026-12-02T16:30:00+00:00") == "3 Dec 2026, 01:30 JST"
    finally:
        i18n._current.reset(token)


def test_sign_out_ends_the_session_at_the_gateway_too(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("DELETE", "/sessions/current", (200, {"done": "signed_out"}))
    token = csrf_of(client, "/")
    answer = client.post("/sign-out", data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 303
    revoke = next(c for c in stand_in.calls if c.method == "DELETE")
    assert revoke.headers["authorization"] == "Bearer tok-123"
    assert "Hanako" not in client.get("/").text


def test_the_placeholder_session_secret_is_refused_outside_development() -> None:
    assert WebSettings().placeholder_secrets() == ["DAIKOU_WEB_SESSION_SECRET"]
    assert WebSettings(session_secret="x" * 32).placeholder_secrets() == []


def test_metrics_count_pages_by_route_template_never_by_their_ids(client: TestClient) -> None:
    order_id = "5b0e7a52-7d0e-4cf5-9d55-1d9c1b0a8c10"
    client.get(f"/orders/{order_id}/messages", follow_redirects=False)
    client.get("/")
    scrape = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}).text
    assert 'route="/orders/{order_id}/messages"' in scrape
    assert 'daikou_http_requests_total{method="GET",route="/",status="200"}' in scrape
    assert order_id not in scrape


def test_metrics_are_read_only_with_the_metrics_token(stand_in: StandInGateway) -> None:
    with site(stand_in) as client:
        assert client.get("/metrics").status_code == 401
        wrong = client.get("/metrics", headers={"Authorization": "Bearer not the token"})
        assert wrong.status_code == 401
    app = build(WebSettings(gateway_url="http://gateway.test"))
    with TestClient(app) as open_site:
        closed = open_site.get("/metrics")
        assert closed.status_code == 403
        assert "DAIKOU_METRICS_TOKEN" in closed.json()["detail"]


def test_with_tracing_on_a_page_is_a_span_and_its_gateway_calls_carry_it(
    client: TestClient, stand_in: StandInGateway
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.use_provider(provider)
    try:
        assert client.get("/").status_code == 200
    finally:
        tracing.use_provider(None)
    (page,) = [s for s in exporter.get_finished_spans() if s.name == "GET /"]
    assert page.context is not None
    carried = [c.headers.get("traceparent", "") for c in stand_in.calls]
    assert carried
    assert all(f"{page.context.trace_id:032x}" in t for t in carried)
