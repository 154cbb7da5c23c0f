"""Use cases on the in-memory unit of work: their rules, proven without a database or a broker."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from uuid import UUID, uuid4

import pytest
from notifications_fakes import T0, FakeNotificationsUnit

from daikou_contracts.catalogue.accounts import AccountChanged, AccountRegistered, Language
from daikou_contracts.money import Money
from daikou_kit.actors import Actor, Role
from daikou_kit.errors import Forbidden, InvalidInput, NotFound
from daikou_notifications.application import delivery, notices, notify
from daikou_notifications.application.delivery import DeliveryConfig
from daikou_notifications.domain.content import NoticeContent
from daikou_notifications.domain.notice import Kind, Notice, Status
from daikou_notifications.domain.records import KnownOrder

OPS = Actor(uuid4(), Role.OPS)
CONFIG = DeliveryConfig(retry_base_s=5, retry_max_s=60, max_attempts=3)


async def known_customer(unit: FakeNotificationsUnit, language: str = "en") -> tuple[UUID, UUID]:
    """A customer with a contact and an order with one item: their id and the order's."""
    customer_id, order_id = uuid4(), uuid4()
    await notify.account_registered(
        unit,
        AccountRegistered(
            customer_id=customer_id,
            email="hanako@example.jp",
            display_name="Hanako",
            language=Language(language),
            registered_at=T0,
        ),
    )
    await unit.orders.save(order_id, KnownOrder(customer_id, "DK-0001"), {})
    return customer_id, order_id


def completed(order_id: UUID, customer_id: UUID | None = None) -> Notice:
    return Notice(Kind.COMPLETED, str(order_id), order_id, customer_id)


async def test_a_fact_becomes_one_pending_mail_in_the_customers_language_linking_the_order() -> (
    None
):
    unit = FakeNotificationsUnit(web_url="http://web.test/")
    customer_id, order_id = await known_customer(unit, "en")

    assert await notify.notify(unit, completed(order_id)) is True
    assert await notify.notify(unit, completed(order_id)) is False  # the same fact again

    [stored] = unit.notifications.rows.values()
    n = stored.notification
    assert (n.customer_id, n.recipient, n.language) == (customer_id, "hanako@example.jp", "en")
    assert n.subject == "[Daikou] Order DK-0001 is complete"
    assert f"http://web.test/orders/{order_id}" in n.body
    assert (stored.status, stored.next_attempt_at) == (Status.PENDING, T0)


async def test_a_customer_without_contact_gets_a_notice_but_no_mail() -> None:
    unit = FakeNotificationsUnit()
    customer_id, order_id = uuid4(), uuid4()

    await notify.notify(unit, completed(order_id, customer_id))

    [stored] = unit.notifications.rows.values()
    assert (stored.status, stored.notification.recipient, stored.next_attempt_at) == (
        Status.NO_CONTACT,
        None,
        None,
    )
    assert stored.notification.language == "ja"


async def test_a_fact_about_an_unknown_order_naming_no_customer_tells_nobody() -> None:
    unit = FakeNotificationsUnit()

    assert await notify.notify(unit, completed(uuid4())) is False
    assert unit.notifications.rows == {}


async def test_an_item_is_named_by_its_title_when_the_order_is_known() -> None:
    unit = FakeNotificationsUnit()
    customer_id, order_id = uuid4(), uuid4()
    item_id = uuid4()
    await unit.orders.save(order_id, KnownOrder(customer_id, "DK-7"), {str(item_id): "Tote bag"})
    notice = Notice(
        Kind.CONDITION_ANSWERED,
        str(item_id),
        order_id,
        customer_id,
        {"answer": "It ships in a box.", "proceed": True},
        item_id=item_id,
    )

    await notify.notify(unit, notice)

    [stored] = unit.notifications.rows.values()
    assert "Tote bag" in stored.notification.body


async def test_a_switched_off_kind_is_skipped_but_money_kinds_cannot_be_switched_off() -> None:
    unit = FakeNotificationsUnit()
    customer_id, order_id = await known_customer(unit)
    customer = Actor(customer_id, Role.CUSTOMER)

    await notify.set_preferences(unit, customer, {Kind.COMPLETED: False})
    with pytest.raises(InvalidInput) as refused:
        await notify.set_preferences(unit, customer, {Kind.ESTIMATE_READY: False})
    assert refused.value.code == "mandatory_kind"
    with pytest.raises(Forbidden):
        await notify.set_preferences(unit, OPS, {Kind.COMPLETED: False})
    await notify.notify(unit, completed(order_id))

    assert [s.status for s in unit.notifications.rows.values()] == [Status.SKIPPED]
    kinds = {p.kind: (p.email, p.mandatory) for p in await notify.preferences(unit, customer)}
    assert kinds[Kind.COMPLETED] == (False, False)
    assert kinds[Kind.ESTIMATE_READY] == (True, True)


async def test_a_late_older_account_change_does_not_replace_the_newer_contact() -> None:
    unit = FakeNotificationsUnit()
    customer_id, _ = await known_customer(unit)

    def change(email: str, at_hours: int) -> AccountChanged:
        return AccountChanged(
            customer_id=customer_id,
            email=email,
            display_name="Hanako",
            language=Language.EN,
            changed_at=T0 + timedelta(hours=at_hours),
        )

    await notify.account_changed(unit, change("new@example.jp", 2))
    await notify.account_changed(unit, change("old@example.jp", 1))

    contact = await unit.contacts.get(customer_id)
    assert contact is not None
    assert contact.email == "new@example.jp"


async def test_a_customer_pages_and_reads_their_notices_and_nobody_elses() -> None:
    unit = FakeNotificationsUnit()
    customer_id, order_id = await known_customer(unit)
    customer = Actor(customer_id, Role.CUSTOMER)
    await notify.notify(unit, completed(order_id))
    await notify.notify(
        unit, Notice(Kind.ORDER_CANCELLED, "c", order_id, params={"reason": "staff", "note": ""})
    )

    page = await notices.page(unit, customer, limit=1, offset=0)
    assert (page.total, page.unread, len(page.notices)) == (2, 2, 1)
    assert page.notices[0].order_number == "DK-0001"
    read = await notices.mark_read(unit, customer, page.notices[0].id)
    assert read.read_at == T0
    assert await notices.unread(unit, customer) == 1
    with pytest.raises(NotFound):
        await notices.mark_read(unit, Actor(uuid4(), Role.CUSTOMER), page.notices[0].id)
    assert await notices.mark_all_read(unit, customer) == 1
    assert await notices.unread(unit, customer) == 0
    with pytest.raises(Forbidden):
        await notices.page(unit, OPS, limit=10, offset=0)


async def test_only_staff_read_the_log_and_may_list_the_failures_alone() -> None:
    unit = FakeNotificationsUnit()
    customer_id, order_id = await known_customer(unit)
    await notify.notify(unit, completed(order_id))
    await notify.notify(unit, completed(uuid4(), uuid4()))  # no contact

    with pytest.raises(Forbidden):
        await notices.log(unit, Actor(customer_id, Role.CUSTOMER), None, 10)
    assert len(await notices.log(unit, OPS, None, 10)) == 2
    [lost] = await notices.log(unit, OPS, Status.NO_CONTACT, 10)
    assert lost.recipient is None


async def test_delivery_sends_retries_with_backoff_then_gives_up() -> None:
    unit = FakeNotificationsUnit()
    _, order_id = await known_customer(unit)
    await notify.notify(unit, completed(order_id))

    [first] = await delivery.claim(unit, CONFIG)
    assert await delivery.claim(unit, CONFIG) == []  # leased to the first sender
    retry_at = await delivery.not_sent(unit, first, "421 busy", permanent=False, config=CONFIG)
    assert retry_at == T0 + timedelta(seconds=5)
    unit.clock.advance(timedelta(seconds=5))
    [second] = await delivery.claim(unit, CONFIG)
    assert second.attempts == 1
    await delivery.sent(unit, second)

    [stored] = unit.notifications.rows.values()
    assert (stored.status, stored.attempts, stored.sent_at) == (Status.SENT, 2, unit.clock.now())


async def test_a_permanent_refusal_or_the_last_attempt_fails_a_mail_for_good() -> None:
    unit = FakeNotificationsUnit()
    _, order_id = await known_customer(unit)
    await notify.notify(unit, completed(order_id))
    await notify.notify(
        unit, Notice(Kind.ORDER_CANCELLED, "c", order_id, params={"reason": "staff", "note": ""})
    )
    outgoing = await delivery.claim(unit, CONFIG)

    refused = await delivery.not_sent(
        unit, outgoing[0], "550 no such user", permanent=True, config=CONFIG
    )
    last = dataclasses.replace(outgoing[1], attempts=2)
    spent = await delivery.not_sent(unit, last, "421 busy", permanent=False, config=CONFIG)

    assert (refused, spent) == (None, None)
    assert {s.status for s in unit.notifications.rows.values()} == {Status.FAILED}


async def test_a_notice_mailed_in_japanese_reads_in_english_when_asked_with_its_figures() -> None:
    unit = FakeNotificationsUnit(web_url="http://web.test/")
    customer_id, order_id = await known_customer(unit, "ja")
    customer = Actor(customer_id, Role.CUSTOMER)
    due_at = T0 + timedelta(days=7)
    estimate = Notice(
        Kind.ESTIMATE_READY,
        "e",
        order_id,
        customer_id,
        {"total": Money(amount=4184, currency="JPY"), "due_at": due_at},
    )
    await notify.notify(unit, estimate)

    [mailed] = (await notices.page(unit, customer, limit=10, offset=0)).notices
    [english] = (await notices.page(unit, customer, limit=10, offset=0, language="en")).notices
    again = await notices.mark_read(unit, customer, english.id, language="en")

    assert mailed.subject == "【Daikou】ご注文 DK-0001 のお見積もりができました"
    assert english.subject == "[Daikou] Your estimate for order DK-0001 is ready"
    assert "Dear Hanako," in english.body
    assert "Total: ¥4,184" in english.body
    assert f"http://web.test/orders/{order_id}" in english.body
    assert (again.subject, again.read_at) == (english.subject, T0)
    # the mail itself is unchanged
    [stored] = unit.notifications.rows.values()
    assert stored.notification.subject == mailed.subject


async def test_a_notice_kept_without_its_values_or_of_a_kind_gone_reads_as_it_was_mailed() -> None:
    unit = FakeNotificationsUnit()
    customer_id, order_id = await known_customer(unit, "ja")
    customer = Actor(customer_id, Role.CUSTOMER)
    await notify.notify(unit, completed(order_id))
    [stored] = unit.notifications.rows.values()
    mailed = stored.notification.subject

    stored.notification = dataclasses.replace(stored.notification, content=None)
    [older] = (await notices.page(unit, customer, limit=10, offset=0, language="en")).notices
    assert older.subject == mailed

    someone = NoticeContent("Hanako", "DK-0001", "http://web.test/")
    assert unit.renderer.again("a_kind_no_longer_made", "en", someone) is None
    assert unit.renderer.again(Kind.COMPLETED.value, "fr", someone) is None
    lacking = NoticeContent("Hanako", "DK-0001", "http://web.test/")  # no total, no due date
    assert unit.renderer.again(Kind.ESTIMATE_READY.value, "en", lacking) is None
