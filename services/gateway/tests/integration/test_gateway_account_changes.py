"""A customer changes their e-mail address (with the current password), language or name; the
change is published as `gateway.account_changed.v1` through the outbox, in the same transaction."""

import json
import uuid
from typing import Any

import pytest
from gateway_support import PASSWORD, GatewayUnderTest, bearer
from sqlalchemy import text

from daikou_kit.actors import Role

pytestmark = pytest.mark.integration


async def changes_of(gateway: GatewayUnderTest, customer_id: str) -> list[dict[str, Any]]:
    async with gateway.service.engine.connect() as conn:
        bodies = (
            await conn.execute(
                text("SELECT body FROM outbox WHERE message_type = 'gateway.account_changed'")
            )
        ).scalars()
        facts = [json.loads(b)["payload"] for b in bodies]
    return [f for f in facts if f["customer_id"] == customer_id]


async def test_a_customer_changes_language_then_email_and_each_change_is_published(
    gateway: GatewayUnderTest,
) -> None:
    token, account = await gateway.register()
    me = bearer(token)
    assert account["language"] == "ja"

    language = await gateway.client.patch("/api/v1/me", json={"language": "en"}, headers=me)
    assert language.status_code == 200, language.text
    assert language.json()["language"] == "en"

    new_email = f"new-{uuid.uuid4().hex[:8]}@Example.jp"
    no_password = await gateway.client.patch("/api/v1/me", json={"email": new_email}, headers=me)
    wrong = await gateway.client.patch(
        "/api/v1/me", json={"email": new_email, "current_password": "not it at all"}, headers=me
    )
    moved = await gateway.client.patch(
        "/api/v1/me", json={"email": new_email, "current_password": PASSWORD}, headers=me
    )
    assert (no_password.status_code, wrong.status_code) == (401, 401)
    assert wrong.json()["code"] == "wrong_password"
    assert moved.status_code == 200, moved.text
    assert moved.json()["email"] == new_email.lower()
    assert (await gateway.client.get("/api/v1/me", headers=me)).json()["language"] == "en"
    assert await gateway.sign_in(new_email.lower())  # the new address signs in

    facts = await changes_of(gateway, account["id"])
    assert sorted((f["email"], f["language"], f["display_name"]) for f in facts) == sorted(
        [(account["email"], "en", "Hanako"), (new_email.lower(), "en", "Hanako")]
    )
    again = await gateway.client.patch("/api/v1/me", json={"language": "en"}, headers=me)
    assert again.status_code == 200
    assert len(await changes_of(gateway, account["id"])) == 2  # nothing changed: nothing said


async def test_a_taken_or_bad_address_and_hostile_input_are_refused(
    gateway: GatewayUnderTest,
) -> None:
    _, other = await gateway.register()
    token, account = await gateway.register()
    me = bearer(token)

    taken = await gateway.client.patch(
        "/api/v1/me", json={"email": other["email"], "current_password": PASSWORD}, headers=me
    )
    invalid = await gateway.client.patch(
        "/api/v1/me", json={"email": "not-an-address", "current_password": PASSWORD}, headers=me
    )
    language = await gateway.client.patch("/api/v1/me", json={"language": "fr"}, headers=me)
    unknown = await gateway.client.patch("/api/v1/me", json={"role": "ops"}, headers=me)
    nul = await gateway.client.patch("/api/v1/me", json={"display_name": "a\u0000b"}, headers=me)
    anonymous = await gateway.client.patch("/api/v1/me", json={"language": "en"})

    assert taken.status_code == 409
    assert taken.json()["code"] == "email_taken"
    assert invalid.status_code == 400
    assert [r.status_code for r in (language, unknown, nul)] == [422, 422, 422]
    assert anonymous.status_code == 401
    assert await changes_of(gateway, account["id"]) == []


async def test_staff_change_their_name_without_publishing_anything(
    gateway: GatewayUnderTest,
) -> None:
    ops = bearer(await gateway.staff(Role.OPS))
    renamed = await gateway.client.patch(
        "/api/v1/me", json={"display_name": "Ops Lead"}, headers=ops
    )
    assert renamed.status_code == 200
    assert renamed.json()["display_name"] == "Ops Lead"
    assert await changes_of(gateway, renamed.json()["id"]) == []
