"""CORS is closed unless origins are configured; then only those origins may call."""

import httpx
from pydantic import SecretStr

from daikou_gateway.settings import GatewaySettings
from daikou_gateway.wiring import build

PREFLIGHT = {"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}


async def preflight(settings: GatewaySettings, origin: str) -> httpx.Response:
    _, app = build(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        return await client.options("/api/v1/orders", headers={**PREFLIGHT, "Origin": origin})


async def test_cors_is_closed_by_default() -> None:
    answer = await preflight(
        GatewaySettings(internal_token=SecretStr("x" * 32)), "https://app.example"
    )
    assert "access-control-allow-origin" not in answer.headers


async def test_configured_origins_and_only_those_may_call() -> None:
    settings = GatewaySettings(
        internal_token=SecretStr("x" * 32), cors_allow_origins=["https://app.example"]
    )
    allowed = await preflight(settings, "https://app.example")
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://app.example"
    refused = await preflight(settings, "https://evil.example")
    assert "access-control-allow-origin" not in refused.headers


async def test_a_preflight_has_a_request_id_and_the_security_headers() -> None:
    settings = GatewaySettings(
        internal_token=SecretStr("x" * 32), cors_allow_origins=["https://app.example"]
    )
    answer = await preflight(settings, "https://app.example")
    assert answer.headers["access-control-allow-origin"] == "https://app.example"
    assert answer.headers["x-request-id"]  # the guard runs outside CORS
    assert answer.headers["x-content-type-options"] == "nosniff"
