"""Every notification is also a notice in the customer's in-app list: newest first, paged, with
an unread count; the customer marks one or all read; nobody else reads or marks them."""

import uuid
from datetime import timedelta

import pytest
from notifications_support import Notifications, customer_of, customer_with_order
from test_notifications_delivery import estimated

from daikou_contracts.catalogue.accounts import Language
from daikou_contracts.catalogue.orders import CompletionReason, OrderCompleted
from daikou_kit.testing import actor_headers, eventually

pytestmark = pytest.mark.integration


async def test_a_customer_reads_their_notices_newest_first_and_marks_them_read(
    notifications: Notifications,
) -> None:
    n = notifications
    _, order_id = await customer_with_order(n, Language.JA)
    customer_id = await customer_of(n, order_id)
    token = n.settings.internal_token.get_secret_value()
    me = actor_headers(token, customer_id, "customer")
    estimate = estimated(order_id, customer_id)
    await n.publish(estimate)

    async def listed(count: int) -> bool:
        answer = await n.client.get("/notifications/mine", headers=me)
        return answer.status_code == 200 and answer.json()["total"] == count

    await eventually(lambda: listed(1))
    await n.publish(
        OrderCompleted(
            order_id=order_id,
            customer_id=customer_id,
            completed_at=estimate.payment_due_at + timedelta(days=40),
            reason=CompletionReason.RECEPTION_REPORT,
        )
    )
    await eventually(lambda: listed(2))

    first_page = (await n.client.get("/notifications/mine?limit=1", headers=me)).json()
    second_page = (await n.client.get("/notifications/mine?limit=1&offset=1", headers=me)).json()
    newest, oldest = first_page["notices"][0], second_page["notices"][0]
    assert (newest["kind"], oldest["kind"]) == ("completed", "estimate_ready")
    assert (first_page["total"], first_page["unread"]) == (2, 2)
    assert oldest["order_number"].startswith("DK-")
    assert oldest["subject"].startswith("【Daikou】ご注文 DK-")
    assert "¥4,184" in oldest["body"]
    assert oldest["read_at"] is None

    read = await n.client.post(f"/notifications/mine/{oldest['id']}/read", headers=me)
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    unread = await n.client.get("/notifications/mine/unread", headers=me)
    assert unread.json() == {"unread": 1}

    stranger = actor_headers(token, uuid.uuid4(), "customer")
    theirs = await n.client.post(f"/notifications/mine/{newest['id']}/read", headers=stranger)
    staff = await n.client.get(
        "/notifications/mine", headers=actor_headers(token, uuid.uuid4(), "ops")
    )
    assert theirs.status_code == 404
    assert staff.status_code == 403
    assert (await n.client.get("/notifications/mine/unread", headers=me)).json() == {"unread": 1}

    everything = await n.client.post("/notifications/mine/read-all", headers=me)
    assert everything.json() == {"marked": 1, "unread": 0}
    assert (await n.client.get("/notifications/mine/unread", headers=me)).json() == {"unread": 0}


async def test_a_notice_mailed_in_japanese_is_read_in_english_when_asked(
    notifications: Notifications,
) -> None:
    n = notifications
    _, order_id = await customer_with_order(n, Language.JA)
    customer_id = await customer_of(n, order_id)
    me = actor_headers(n.settings.internal_token.get_secret_value(), customer_id, "customer")
    await n.publish(estimated(order_id, customer_id))

    async def listed() -> bool:
        answer = await n.client.get("/notifications/mine", headers=me)
        return answer.json()["total"] == 1

    await eventually(listed)
    mailed = (await n.client.get("/notifications/mine", headers=me)).json()["notices"][0]
    english = (await n.client.get("/notifications/mine?language=en", headers=me)).json()
    read = await n.client.post(f"/notifications/mine/{mailed['id']}/read?language=en", headers=me)
    refused = await n.client.get("/notifications/mine?language=fr", headers=me)

    notice = english["notices"][0]
    assert mailed["subject"].startswith("【Daikou】ご注文 DK-")
    assert notice["subject"].startswith("[Daikou] Your estimate for order DK-")
    assert "Total: ¥4,184" in notice["body"]
    assert set(notice) == set(mailed)  # the same fields: what it was made of stays inside
    assert read.json()["subject"] == notice["subject"]
    assert refused.status_code == 422
