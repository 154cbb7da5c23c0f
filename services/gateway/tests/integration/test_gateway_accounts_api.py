"""Accounts over HTTP: registration, sign-in, tokens and their expiry, role checks."""

import json
import uuid
from datetime import timedelta

import pytest
from gateway_support import PASSWORD, GatewayUnderTest, bearer
from sqlalchemy import text

from daikou_kit.actors import Role

pytestmark = pytest.mark.integration


async def test_a_customer_registers_signs_in_and_sees_itself(gateway: GatewayUnderTest) -> None:
    token, account = await gateway.register("Hanako@Example.JP")
    assert account["email"] == "hanako@example.jp"
    assert account["role"] == "customer"
    me = await gateway.client.get("/api/v1/me", headers=bearer(token))
    assert me.status_code == 200
    assert me.json()["id"] == account["id"]


async def test_one_account_per_email(gateway: GatewayUnderTest) -> None:
    await gateway.register("taken@example.jp")
    again = await gateway.client.post(
        "/api/v1/accounts",
        json={"email": "TAKEN@example.jp", "password": PASSWORD, "display_name": "Other"},
    )
    assert again.status_code == 409
    assert again.json()["code"] == "email_taken"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"email": "x@example.jp", "password": "short", "display_name": "X"}, 400),
        ({"email": "not-an-email", "password": PASSWORD, "display_name": "X"}, 400),
        ({"email": "x@example.jp", "password": PASSWORD, "display_name": "  "}, 400),
        ({"email": "x@example.jp"}, 422),
    ],
)
async def test_bad_registrations_are_refused_with_a_reason(
    gateway: GatewayUnderTest, body: dict[str, str], status: int
) -> None:
    response = await gateway.client.post("/api/v1/accounts", json=body)
    assert response.status_code == status
    assert response.json()["detail"]


async def test_a_wrong_password_or_unknown_email_gets_401(gateway: GatewayUnderTest) -> None:
    await gateway.register("who@example.jp")
    for email, password in [("who@example.jp", "wrong password!"), ("nobody@example.jp", PASSWORD)]:
        response = await gateway.client.post(
            "/api/v1/sessions", json={"email": email, "password": password}
        )
        assert response.status_code == 401
        assert response.json()["detail"] == "wrong email or password"


async def test_no_token_a_forged_token_and_an_expired_token_get_401(
    gateway: GatewayUnderTest,
) -> None:
    token, _ = await gateway.register()
    assert (await gateway.client.get("/api/v1/me")).status_code == 401
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert (await gateway.client.get("/api/v1/me", headers=bearer(forged))).status_code == 401
    gateway.clock.advance(timedelta(hours=12))
    expired = await gateway.client.get("/api/v1/me", headers=bearer(token))
    assert expired.status_code == 401
    assert expired.json()["code"] == "token_expired"


async def test_customers_cannot_call_staff_routes(gateway: GatewayUnderTest) -> None:
    token, _ = await gateway.register()
    for method, path in [
        ("GET", "/api/v1/staff/orders"),
        ("POST", "/api/v1/staff/orders/00000000-0000-0000-0000-000000000001/estimate"),
        ("GET", "/api/v1/staff/events"),
        ("POST", "/api/v1/staff/orders/00000000-0000-0000-0000-000000000001/dispatch"),
    ]:
        response = await gateway.client.request(method, path, headers=bearer(token), json={})
        assert response.status_code == 403, path
        assert response.json()["code"] == "forbidden_for_role"
    assert gateway.stand_ins.seen == []


async def test_warehouse_staff_cannot_do_ops_work(gateway: GatewayUnderTest) -> None:
    token = await gateway.staff(Role.WAREHOUSE)
    path = "/api/v1/staff/orders/00000000-0000-0000-0000-000000000001/estimate"
    response = await gateway.client.post(path, headers=bearer(token), json={})
    assert response.status_code == 403
    assert "ops" in response.json()["detail"]


async def test_the_openapi_document_lists_the_versioned_api(gateway: GatewayUnderTest) -> None:
    document = (await gateway.client.get("/openapi.json")).json()
    paths = set(document["paths"])
    assert {"/api/v1/accounts", "/api/v1/sessions", "/api/v1/orders/{order_id}", "/health"} <= paths
    assert all(
        p.startswith(("/api/v1/", "/payments/card/")) or p in {"/health", "/paypal/webhook"}
        for p in paths
    )


async def test_the_paypal_return_landing_names_the_capture(gateway: GatewayUnderTest) -> None:
    landing = await gateway.client.get("/payments/card/return", params={"token": "5O190127TN3"})
    assert landing.status_code == 200
    assert landing.json()["capture"] == "/api/v1/card-payments/5O190127TN3/capture"
    bad = await gateway.client.get("/payments/card/return", params={"token": "../etc"})
    assert bad.status_code == 422


async def test_the_operator_command_creates_staff_once(gateway: GatewayUnderTest) -> None:
    import argparse

    from daikou_gateway.admin import create_staff_account, parser
    from daikou_gateway.settings import GatewaySettings

    settings = gateway.service.settings
    assert isinstance(settings, GatewaySettings)
    email = f"boss-{uuid.uuid4().hex[:6]}@daikou.example"
    argv = ["create-staff", "--email", email, "--name", "Boss", "--role", "ops"]
    args: argparse.Namespace = parser().parse_args(argv)
    assert await create_staff_account(settings, args, PASSWORD) == 0
    assert await create_staff_account(settings, args, PASSWORD) == 1
    assert (
        await create_staff_account(settings, parser().parse_args([*argv, "--exist-ok"]), PASSWORD)
        == 0
    )
    assert await create_staff_account(settings, args, "short") == 2
    token = await gateway.sign_in(email)
    me = await gateway.client.get("/api/v1/me", headers=bearer(token))
    assert me.json()["role"] == "ops"
    with pytest.raises(SystemExit):
        parser().parse_args([*argv[:-1], "customer"])


async def test_registering_tells_the_other_services_how_to_reach_the_customer(
    gateway: GatewayUnderTest,
) -> None:
    email = f"n{uuid.uuid4().hex[:8]}@example.jp"
    response = await gateway.client.post(
        "/api/v1/accounts",
        json={"email": email, "password": PASSWORD, "display_name": "Ann", "language": "en"},
    )
    bad = await gateway.client.post(
        "/api/v1/accounts",
        json={"email": "l@example.jp", "password": PASSWORD, "display_name": "L", "language": "fr"},
    )
    assert response.status_code == 201
    assert bad.status_code == 422
    async with gateway.service.engine.connect() as conn:
        bodies = (
            await conn.execute(
                text("SELECT body FROM outbox WHERE message_type = 'gateway.account_registered'")
            )
        ).scalars()
        facts = [json.loads(b)["payload"] for b in bodies]
    mine = [f for f in facts if f["email"] == email]
    assert mine == [
        {
            "customer_id": response.json()["id"],
            "email": email,
            "display_name": "Ann",
            "language": "en",
            "registered_at": mine[0]["registered_at"],
        }
    ]
