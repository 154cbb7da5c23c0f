"""A customer switches a kind off: its facts are recorded as skipped and mail nothing; the money
and deadline kinds cannot be switched off and keep coming."""

import uuid
from typing import Any

import pytest
from notifications_support import Notifications, customer_of, customer_with_order
from test_notifications_delivery import estimated

from daikou_contracts.catalogue.accounts import Language
from daikou_contracts.catalogue.messaging import AuthorRole, MessageKind, MessagePosted
from daikou_kit.testing import actor_headers, eventually

pytestmark = pytest.mark.integration


async def test_a_switched_off_kind_mails_nothing_but_money_still_does(
    notifications: Notifications,
) -> None:
    n = notifications
    email, order_id = await customer_with_order(n, Language.EN)
    customer_id = await customer_of(n, order_id)
    token = n.settings.internal_token.get_secret_value()
    me = actor_headers(token, customer_id, "customer")

    off = await n.client.put(
        "/notifications/preferences/staff_reply", json={"email": False}, headers=me
    )
    refused = await n.client.put(
        "/notifications/preferences/estimate_ready", json={"email": False}, headers=me
    )
    by_staff = await n.client.put(
        "/notifications/preferences/shipped",
        json={"email": False},
        headers=actor_headers(token, uuid.uuid4(), "ops"),
    )

    assert off.status_code == 200
    assert by_kind(off.json())["staff_reply"] == {"email": False, "mandatory": False}
    assert by_kind(off.json())["estimate_ready"] == {"email": True, "mandatory": True}
    assert refused.status_code == 400
    assert refused.json()["code"] == "mandatory_kind"
    assert by_staff.status_code == 403

    await n.publish(
        MessagePosted(
            message_id=uuid.uuid4(),
            thread_id=uuid.uuid4(),
            order_id=order_id,
            customer_id=customer_id,
            author_role=AuthorRole.STAFF,
            kind=MessageKind.NORMAL,
            has_attachments=False,
            posted_at=estimated(order_id, customer_id).payment_due_at,
        )
    )
    await n.publish(estimated(order_id, customer_id))

    async def settled() -> bool:
        rows = await n.rows(
            "SELECT kind, status FROM notifications WHERE order_id = :id ORDER BY kind", id=order_id
        )
        return [(r[0], r[1]) for r in rows] == [
            ("estimate_ready", "sent"),
            ("staff_reply", "skipped"),
        ]

    await eventually(settled)
    mails = n.smtp.mailbox.to(email)
    assert [m["Subject"].startswith("[Daikou] Your estimate") for m in mails] == [True]
    listed = await n.client.get("/notifications/preferences", headers=me)
    assert by_kind(listed.json())["staff_reply"]["email"] is False


def by_kind(answer: dict[str, Any]) -> dict[str, dict[str, bool]]:
    return {k["kind"]: {"email": k["email"], "mandatory": k["mandatory"]} for k in answer["kinds"]}


async def test_several_kinds_are_switched_at_once_or_none_is(
    notifications: Notifications,
) -> None:
    n = notifications
    token = n.settings.internal_token.get_secret_value()
    me = actor_headers(token, uuid.uuid4(), "customer")

    refused = await n.client.put(
        "/notifications/preferences",
        json={"email": {"shipped": False, "payment_reminder": False}},
        headers=me,
    )
    untouched = await n.client.get("/notifications/preferences", headers=me)
    done = await n.client.put(
        "/notifications/preferences",
        json={"email": {"shipped": False, "completed": False, "estimate_ready": True}},
        headers=me,
    )
    unknown = await n.client.put(
        "/notifications/preferences", json={"email": {"lottery": False}}, headers=me
    )

    assert refused.status_code == 400
    assert refused.json()["code"] == "mandatory_kind"
    assert by_kind(untouched.json())["shipped"]["email"] is True  # nothing of the refused one
    assert done.status_code == 200
    switched = by_kind(done.json())
    assert (switched["shipped"]["email"], switched["completed"]["email"]) == (False, False)
    assert switched["staff_reply"]["email"] is True
    assert unknown.status_code == 422
