"""Formatting, rules and templates: figures in the customer's language, one notice per fact."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from daikou_contracts.catalogue.additional_billings import AdditionalBillingIssued
from daikou_contracts.catalogue.common import BillingKind
from daikou_contracts.catalogue.messaging import AuthorRole, MessageKind, MessagePosted
from daikou_contracts.catalogue.orders import (
    OrderCancelled,
    OrderCancelReason,
    PurchaseConditionAnswered,
)
from daikou_contracts.catalogue.payments import BillingIssued
from daikou_contracts.catalogue.warehouse import (
    CaseKind,
    CaseOutcome,
    ExchangeReturnOpened,
    ExchangeReturnResolved,
    ShipmentDispatched,
)
from daikou_contracts.money import Money
from daikou_notifications.application.rendering import Renderer
from daikou_notifications.domain import formatting, rules
from daikou_notifications.domain.backoff import next_attempt
from daikou_notifications.domain.notice import MANDATORY, Contact, Kind, order_link, wanted

ORDER = uuid.UUID("00000000-0000-0000-0000-0000000000aa")
ITEM = uuid.UUID("00000000-0000-0000-0000-0000000000bb")
CUSTOMER = uuid.uuid4()
T0 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
LINK = order_link("http://web.test/", ORDER)


def contact(language: str) -> Contact:
    return Contact(CUSTOMER, "hanako@example.jp", "Hanako", language)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_yen_reads_with_the_symbol_and_thousands(language: str) -> None:
    assert formatting.money(Money.jpy(4184), language) == "¥4,184"
    assert formatting.money(Money.jpy(1_234_567), language) == "¥1,234,567"
    assert formatting.money(Money.jpy(-500), language) == "-¥500"


def test_yuan_keeps_its_fen() -> None:
    assert formatting.money(Money.cny(4_500), "en") == "CN¥45.00"


def test_times_read_in_japan_time() -> None:
    assert formatting.jst(T0, "ja") == "2026年3月9日 18:00 JST"
    assert formatting.jst(T0, "en") == "9 Mar 2026, 18:00 JST"


def test_estimate_mail_in_japanese_has_total_deadline_and_link() -> None:
    mail = Renderer().render(
        Kind.ESTIMATE_READY,
        contact("ja"),
        "DK-0001",
        LINK,
        {"total": Money.jpy(4184), "due_at": T0},
    )

    assert mail.subject == "【Daikou】ご注文 DK-0001 のお見積もりができました"
    assert "Hanako 様" in mail.body
    assert "ご請求額: ¥4,184" in mail.body
    assert "2026年3月9日 18:00 JST" in mail.body
    assert f"http://web.test/orders/{ORDER}" in mail.body


def test_estimate_mail_in_english() -> None:
    mail = Renderer().render(
        Kind.ESTIMATE_READY,
        contact("en"),
        "DK-0001",
        LINK,
        {"total": Money.jpy(4184), "due_at": T0},
    )

    assert mail.subject == "[Daikou] Your estimate for order DK-0001 is ready"
    assert "Total: ¥4,184" in mail.body
    assert "Please pay by: 9 Mar 2026, 18:00 JST" in mail.body


def test_the_html_part_says_the_same_escaped_with_the_link_as_a_button() -> None:
    mail = Renderer().render(
        Kind.TRANSFER_REJECTED,
        contact("ja"),
        "DK-0001",
        LINK,
        {"reason": "<b>振込人名義</b> & 金額が違います"},
    )

    assert mail.html.startswith("<!doctype html>")
    assert '<html lang="ja">' in mail.html
    assert "&lt;b&gt;振込人名義&lt;/b&gt; &amp; 金額が違います" in mail.html
    assert "<b>振込人名義" not in mail.html
    assert f'<a href="{LINK}">{LINK}</a>' in mail.html
    assert "ご注文を見る</a>" in mail.html
    for line in mail.body.splitlines():
        if line.strip() and not any(c in line for c in ("<", "&", "http")):
            assert line.strip() in mail.html  # every line of the text is in the HTML


def test_cancelled_by_the_deadline_says_so() -> None:
    notice = rules.cancelled(
        OrderCancelled(
            order_id=ORDER,
            customer_id=CUSTOMER,
            reason=OrderCancelReason.PAYMENT_DEADLINE,
            cancelled_at=T0,
        )
    )
    mail = Renderer().render(notice.kind, contact("en"), "DK-1", LINK, notice.params)

    assert "not paid by the payment deadline" in mail.body


def test_shipped_lists_every_tracking_number() -> None:
    notice = rules.shipped(
        ShipmentDispatched(
            shipment_id=uuid.uuid4(),
            order_id=ORDER,
            carrier="Japan Post",
            method="EMS",
            tracking_numbers=["EJ123456789JP", "EJ987654321JP"],
            dispatched_at=T0,
        )
    )
    assert notice.customer_id is None  # looked up from the order
    for language in ("ja", "en"):
        mail = Renderer().render(notice.kind, contact(language), "DK-1", LINK, notice.params)
        assert "EJ123456789JP" in mail.body
        assert "EJ987654321JP" in mail.body


def test_every_kind_renders_in_both_languages() -> None:
    params = {
        "total": Money.jpy(1),
        "due_at": T0,
        "deadline_at": T0,
        "reason": "staff",
        "note": "",
        "amount": Money.jpy(2),
        "refund": Money.jpy(3),
        "items": 2,
        "unpaid_days": 7,
        "carrier": "c",
        "method": "m",
        "tracking_numbers": ["T1"],
        "case": "exchange",
        "outcome": "refused",
        "cost": Money.jpy(0),
        "answer": "It is dark blue.",
        "proceed": True,
        "item": "Canvas tote bag",
    }
    for kind in Kind:
        for language in ("ja", "en"):
            mail = Renderer().render(kind, contact(language), "DK-9", LINK, params)
            assert "DK-9" in mail.subject
            assert LINK in mail.body


def test_only_staff_messages_and_second_billings_notify() -> None:
    def posted(role: AuthorRole) -> MessagePosted:
        return MessagePosted(
            message_id=uuid.uuid4(),
            thread_id=uuid.uuid4(),
            order_id=ORDER,
            customer_id=CUSTOMER,
            author_role=role,
            kind=MessageKind.NORMAL,
            has_attachments=False,
            posted_at=T0,
        )

    def billing(kind: BillingKind) -> BillingIssued:
        return BillingIssued(
            billing_id=uuid.uuid4(),
            order_id=ORDER,
            customer_id=CUSTOMER,
            kind=kind,
            lines=[],
            total=Money.jpy(1200),
            issued_at=T0,
        )

    assert rules.message_posted(posted(AuthorRole.CUSTOMER)) is None
    assert rules.message_posted(posted(AuthorRole.STAFF)) is not None
    assert rules.billing_issued(billing(BillingKind.FIRST)) is None
    second = rules.billing_issued(billing(BillingKind.SECOND))
    assert second is not None
    assert second.kind is Kind.SECOND_BILLING


@pytest.mark.parametrize(
    ("outcome", "cost", "said", "cost_line"),
    [
        ("exchanged", 0, "The seller exchanged the item", "No local shipping was charged."),
        ("returned", 850, "The seller took back the item", "Local shipping charged: ¥850"),
        (
            "refused",
            0,
            "The seller refused to exchange or take back the item",
            "No local shipping was charged.",
        ),
    ],
)
def test_an_exchange_or_return_ends_with_its_outcome_and_cost(
    outcome: str, cost: int, said: str, cost_line: str
) -> None:
    notice = rules.exchange_return_resolved(
        ExchangeReturnResolved(
            case_id=uuid.uuid4(),
            order_id=ORDER,
            item_id=ITEM,
            outcome=CaseOutcome(outcome),
            local_shipping_cost=Money.jpy(cost),
        )
    )
    params = {**notice.params, "item": "Canvas tote bag"}
    mail = Renderer().render(notice.kind, contact("en"), "DK-1", LINK, params)
    assert notice.item_id == ITEM
    assert notice.customer_id is None  # looked up from the order
    assert f"{said} of order DK-1 (Canvas tote bag)." in mail.body
    assert cost_line in mail.body
    assert notice.kind in MANDATORY  # it may charge money


def test_a_seller_answer_says_whether_the_item_is_bought() -> None:
    answer = PurchaseConditionAnswered(
        order_id=ORDER,
        item_id=ITEM,
        answer="紺色です（黒ではありません）",  # noqa: RUF001
        proceed=False,
    )
    notice = rules.condition_answered(answer)
    mail = Renderer().render(
        notice.kind, contact("ja"), "DK-1", LINK, {**notice.params, "item": ""}
    )
    assert "紺色です（黒ではありません）" in mail.body  # noqa: RUF001
    assert "この商品は購入しません。" in mail.body
    assert "商品（" not in mail.body  # no title known: none shown  # noqa: RUF001
    opened = rules.exchange_return_opened(
        ExchangeReturnOpened(
            case_id=uuid.uuid4(), order_id=ORDER, item_id=ITEM, kind=CaseKind.RETURN, reason="破損"
        )
    )
    mail = Renderer().render(
        opened.kind, contact("ja"), "DK-1", LINK, {**opened.params, "item": "マグ"}
    )
    assert mail.subject == "【Daikou】ご注文 DK-1 の商品の返品を販売店に依頼しました"
    assert "商品（マグ）に問題が見つかったため、販売店に返品を依頼しました。" in mail.body  # noqa: RUF001


def test_back_off_doubles_up_to_a_cap_then_gives_up() -> None:
    delays = [next_attempt(T0, n, base_s=5, max_s=30, max_attempts=5) for n in range(1, 6)]
    assert [d - T0 for d in delays[:4] if d] == [
        timedelta(seconds=5),
        timedelta(seconds=10),
        timedelta(seconds=20),
        timedelta(seconds=30),
    ]
    assert delays[4] is None


def test_money_and_deadline_kinds_cannot_be_switched_off() -> None:
    everything = frozenset(Kind)

    assert wanted(Kind.ESTIMATE_READY, everything)
    assert wanted(Kind.PAYMENT_REMINDER, everything)
    assert wanted(Kind.SECOND_BILLING, everything)
    assert not wanted(Kind.STAFF_REPLY, everything)
    assert not wanted(Kind.SHIPPED, frozenset({Kind.SHIPPED}))
    assert wanted(Kind.SHIPPED, frozenset())


def test_an_additional_billing_is_mailed_with_its_total_and_cannot_be_switched_off() -> None:
    notice = rules.additional_billing_issued(
        AdditionalBillingIssued(
            billing_id=uuid.uuid4(),
            order_id=ORDER,
            customer_id=CUSTOMER,
            lines=[],
            total=Money.jpy(215),
            issued_at=T0,
            reason="Local shipping for returned (case 1a2b3c4d)",
        )
    )
    assert notice.kind is Kind.ADDITIONAL_BILLING
    assert notice.kind in MANDATORY
    assert wanted(notice.kind, frozenset({Kind.ADDITIONAL_BILLING}))
    for language, said in (("ja", "追加のご請求"), ("en", "additional billing")):
        mail = Renderer().render(notice.kind, contact(language), "DK-1", LINK, notice.params)
        assert said in mail.subject + mail.body
        assert "215" in mail.body
