"""Sign-out, password change, and sign-in limits per account and per client address."""

import uuid

import httpx
import pytest
from gateway_support import PASSWORD, GatewayUnderTest, bearer

pytestmark = pytest.mark.integration


async def test_sign_out_revokes_the_token_and_only_that_one(gateway: GatewayUnderTest) -> None:
    token, account = await gateway.register()
    other = await gateway.sign_in(account["email"])
    out = await gateway.client.delete("/api/v1/sessions/current", headers=bearer(token))
    assert out.status_code == 200
    assert out.json() == {"done": "signed_out"}
    refused = await gateway.client.get("/api/v1/me", headers=bearer(token))
    assert refused.status_code == 401
    assert refused.json()["code"] == "session_revoked"
    assert (await gateway.client.get("/api/v1/me", headers=bearer(other))).status_code == 200


async def test_a_password_change_signs_out_the_other_sessions(gateway: GatewayUnderTest) -> None:
    token, account = await gateway.register()
    stolen = await gateway.sign_in(account["email"])
    new = "a brand new passphrase"
    wrong = await gateway.client.post(
        "/api/v1/me/password",
        json={"current_password": "not the password", "new_password": new},
        headers=bearer(token),
    )
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "wrong_password"
    short = await gateway.client.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "short"},
        headers=bearer(token),
    )
    assert short.status_code == 400
    changed = await gateway.client.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": new},
        headers=bearer(token),
    )
    assert changed.status_code == 200, changed.text
    assert (await gateway.client.get("/api/v1/me", headers=bearer(token))).status_code == 200
    assert (await gateway.client.get("/api/v1/me", headers=bearer(stolen))).status_code == 401
    assert await gateway.sign_in(account["email"], new)
    old = await gateway.client.post(
        "/api/v1/sessions", json={"email": account["email"], "password": PASSWORD}
    )
    assert old.status_code == 401


def from_address(gateway: GatewayUnderTest, host: str) -> httpx.AsyncClient:
    """A client of the gateway app whose requests come from `host` (in-process, no network)."""
    assert gateway.app is not None
    transport = httpx.ASGITransport(app=gateway.app, client=(host, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://gateway")


async def test_too_many_wrong_passwords_for_an_account_get_429(gateway: GatewayUnderTest) -> None:
    _, account = await gateway.register()
    limit = gateway.service.settings.sign_in_max_per_account  # type: ignore[attr-defined]
    async with from_address(gateway, "127.0.0.78") as client:
        await _exhaust(client, account["email"], limit)


async def _exhaust(client: httpx.AsyncClient, email: str, limit: int) -> None:
    for _ in range(limit - 1):
        wrong = await client.post(
            "/api/v1/sessions", json={"email": email, "password": "guess guess"}
        )
        assert wrong.status_code == 401
    blocked = None
    for _ in range(3):
        blocked = await client.post(
            "/api/v1/sessions", json={"email": email, "password": "guess again"}
        )
    assert blocked is not None
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "too_many_attempts"
    assert 0 < int(blocked.headers["retry-after"]) <= 15 * 60
    right = await client.post("/api/v1/sessions", json={"email": email, "password": PASSWORD})
    assert right.status_code == 429  # even the right password waits out the window


async def test_too_many_attempts_from_one_address_get_429(gateway: GatewayUnderTest) -> None:
    async with from_address(gateway, "127.0.0.77") as client:
        limit = gateway.service.settings.sign_in_max_per_client  # type: ignore[attr-defined]
        statuses = []
        for _ in range(limit + 1):
            response = await client.post(
                "/api/v1/sessions",
                json={"email": f"x{uuid.uuid4().hex[:6]}@example.jp", "password": "guess guess"},
            )
            statuses.append(response.status_code)
        assert set(statuses[:limit]) == {401}
        assert statuses[-1] == 429
        assert int(response.headers["retry-after"]) > 0
    _, account = await gateway.register()  # another address is not affected
    assert await gateway.sign_in(account["email"])
