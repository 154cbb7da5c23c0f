"""Facts on the real broker become e-mails on a real SMTP server: once each, in the customer's
language, later when the server refuses for a while, and failed for good when it rejects."""

import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from notifications_support import WEB_URL, Notifications, customer_of, customer_with_order

from daikou_contracts.catalogue.accounts import Language
from daikou_contracts.catalogue.common import BillingLine
from daikou_contracts.catalogue.orders import OrderEstimated
from daikou_contracts.catalogue.warehouse import ShipmentDispatched
from daikou_contracts.money import ExchangeRate, Money
from daikou_kit.testing import actor_headers, eventually, metric_value
from daikou_notifications.mailcatcher import html_of, text_of

pytestmark = pytest.mark.integration

T0 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)


def estimated(order_id: uuid.UUID, customer_id: uuid.UUID) -> OrderEstimated:
    return OrderEstimated(
        order_id=order_id,
        customer_id=customer_id,
        rate=ExchangeRate(base="CNY", quote="JPY", rate=Decimal("20.5")),
        lines=[BillingLine(code="item", description="Canvas tote bag", amount=Money.jpy(4184))],
        total=Money.jpy(4184),
        billing_revision=1,
        payment_due_at=T0,
    )


async def statuses(n: Notifications, order_id: uuid.UUID) -> list[tuple[str, str]]:
    rows = await n.rows(
        "SELECT kind, status FROM notifications WHERE order_id = :id ORDER BY created_at",
        id=order_id,
    )
    return [(r[0], r[1]) for r in rows]


async def test_estimate_ready_is_mailed_once_in_the_customers_language(
    notifications: Notifications,
) -> None:
    n = notifications
    email, order_id = await customer_with_order(n, Language.EN)
    fact = estimated(order_id, await customer_of(n, order_id))

    await n.publish(fact)
    await n.publish(fact)  # the same fact again, as a new message: nothing twice

    async def delivered() -> bool:
        return await statuses(n, order_id) == [("estimate_ready", "sent")]

    await eventually(delivered)
    mails = n.smtp.mailbox.to(email)
    assert len(mails) == 1
    assert mails[0]["Subject"].startswith("[Daikou] Your estimate for order DK-")
    body = text_of(mails[0])
    assert "Total: ¥4,184" in body
    assert "9 Mar 2026, 18:00 JST" in body
    assert f"{WEB_URL}orders/{order_id}" in body
    assert mails[0].get_content_type() == "multipart/alternative"
    html = html_of(mails[0])
    assert html is not None
    assert '<html lang="en">' in html
    assert "Total: ¥4,184" in html
    assert f'<a href="{WEB_URL}orders/{order_id}"' in html


async def test_a_fact_naming_only_the_order_reaches_its_customer_in_japanese(
    notifications: Notifications,
) -> None:
    n = notifications
    email, order_id = await customer_with_order(n, Language.JA)

    await n.publish(
        ShipmentDispatched(
            shipment_id=uuid.uuid4(),
            order_id=order_id,
            carrier="日本郵便",
            method="EMS",
            tracking_numbers=["EJ123456789JP"],
            dispatched_at=T0,
        )
    )

    async def delivered() -> bool:
        return len(n.smtp.mailbox.to(email)) == 1

    await eventually(delivered)
    mail = n.smtp.mailbox.to(email)[0]
    assert "を発送しました" in mail["Subject"]
    assert "EJ123456789JP" in text_of(mail)


async def test_a_refusing_server_gets_the_mail_later_once(notifications: Notifications) -> None:
    n = notifications
    email, order_id = await customer_with_order(n, Language.JA)
    n.smtp.mailbox.refuse_with = "451 4.3.0 try again later"
    try:
        await n.publish(estimated(order_id, await customer_of(n, order_id)))

        async def retried() -> bool:
            rows = await n.rows(
                "SELECT attempts, status FROM notifications WHERE order_id = :id", id=order_id
            )
            return bool(rows) and rows[0][0] >= 2 and rows[0][1] == "pending"

        await eventually(retried)
        assert n.smtp.mailbox.to(email) == []
    finally:
        n.smtp.mailbox.refuse_with = None

    async def delivered() -> bool:
        return await statuses(n, order_id) == [("estimate_ready", "sent")]

    await eventually(delivered)
    assert len(n.smtp.mailbox.to(email)) == 1
    scrape = (await n.client.get("/metrics")).text
    assert (metric_value(scrape, "daikou_notifications_failed_total", then="retry") or 0) >= 2
    assert (metric_value(scrape, "daikou_notifications_sent_total") or 0) >= 1
    assert "¥4,184" in text_of(n.smtp.mailbox.to(email)[0])


async def test_a_rejected_mail_fails_for_good_and_ops_see_it(
    notifications: Notifications,
) -> None:
    n = notifications
    email, order_id = await customer_with_order(n, Language.EN)
    n.smtp.mailbox.refuse_with = "550 5.1.1 mailbox unavailable"
    try:
        await n.publish(estimated(order_id, await customer_of(n, order_id)))

        async def failed() -> bool:
            return await statuses(n, order_id) == [("estimate_ready", "failed")]

        await eventually(failed)
    finally:
        n.smtp.mailbox.refuse_with = None
    token = n.settings.internal_token.get_secret_value()

    listed = await n.client.get(
        "/notifications",
        params={"status": "failed"},
        headers=actor_headers(token, uuid.uuid4(), "ops"),
    )
    as_customer = await n.client.get(
        "/notifications", headers=actor_headers(token, uuid.uuid4(), "customer")
    )

    assert listed.status_code == 200
    failures = [f for f in listed.json()["notifications"] if f["recipient"] == email]
    assert len(failures) == 1
    assert failures[0]["last_error"].startswith("550")
    assert as_customer.status_code == 403
    assert n.smtp.mailbox.to(email) == []
    scrape = (await n.client.get("/metrics")).text
    assert (metric_value(scrape, "daikou_notifications_failed_total", then="given_up") or 0) >= 1


async def test_health(notifications: Notifications) -> None:
    response = await notifications.client.get("/health")

    assert response.status_code == 200
    assert response.json()["service"] == "notifications"
