"""Placing and estimating: the rules the customer's and staff's input must meet."""

from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from orders_builders import LIMITS, T0, estimate, estimated, new_item, placed, prices

from daikou_contracts.catalogue.common import Marketplace, OrderStatus
from daikou_contracts.money import ExchangeRate, Money
from daikou_kit.errors import Conflict, InvalidInput
from daikou_orders.domain.model import ItemStatus
from daikou_orders.domain.placing import (
    ItemPrice,
    Limits,
    NewItem,
    apply_estimate,
    check_total,
    marketplace_of,
    place,
)

DUE = T0 + timedelta(days=7)


def _place(items: list[NewItem]) -> None:
    place(
        order_id=uuid4(),
        order_number="DK-1",
        customer_id=uuid4(),
        items=[(uuid4(), i) for i in items],
        address=placed().address,
        shipping_preference="EMS",
        at=T0,
        actor="customer:x",
        limits=LIMITS,
    )


def test_a_placed_order_is_applied_with_pre_payment_items_and_a_history_entry() -> None:
    order = placed(items=2)
    assert order.status is OrderStatus.APPLIED
    assert [i.status for i in order.items] == [ItemStatus.PRE_PAYMENT] * 2
    assert [(h.to_status, h.reason) for h in order.history] == [("applied", "order placed")]
    assert order.items[1].position == 1


@pytest.mark.parametrize(
    ("url", "marketplace"),
    [
        ("https://item.taobao.com/item.htm?id=1", Marketplace.TAOBAO),
        ("https://m.tb.cn/h.abc", Marketplace.TAOBAO),
        ("https://detail.tmall.com/item.htm?id=2", Marketplace.TMALL),
        ("http://detail.1688.com/offer/3.html", Marketplace.ALIBABA_1688),
    ],
)
def test_the_marketplace_comes_from_the_url(url: str, marketplace: Marketplace) -> None:
    assert marketplace_of(url) is marketplace


@pytest.mark.parametrize(
    "url",
    [
        "https://www.amazon.co.jp/dp/B0001",
        "https://taobao.com.evil.example/item",
        "ftp://item.taobao.com/x",
        "javascript:alert(1)",
        "item.taobao.com/item.htm",
        "https://nottaobao.com/",
    ],
)
def test_a_non_marketplace_url_is_refused(url: str) -> None:
    with pytest.raises(InvalidInput) as err:
        _place([new_item(url=url)])
    assert err.value.code == "not_a_marketplace_url"


def test_an_empty_order_is_refused() -> None:
    with pytest.raises(InvalidInput, match="at least one item"):
        _place([])


def test_too_many_items_are_refused() -> None:
    with pytest.raises(InvalidInput, match="at most 5"):
        _place([new_item(n) for n in range(6)])


def test_a_quantity_below_one_is_refused() -> None:
    with pytest.raises(InvalidInput, match="quantity"):
        _place([new_item(quantity=0)])


@pytest.mark.parametrize(
    "price", [Money.cny(0), Money.cny(-5), Money.cny(1_000_001), Money.jpy(1000)]
)
def test_absurd_or_non_cny_prices_are_refused(price: Money) -> None:
    item = new_item()
    item = type(item)(item.url, item.title, item.options, item.quantity, price)
    with pytest.raises(InvalidInput):
        _place([item])


def test_an_estimate_prices_the_items_and_awaits_the_first_payment() -> None:
    order = placed()
    apply_estimate(order, prices(order), estimate(), payment_due_at=DUE, limits=LIMITS)
    assert order.status is OrderStatus.AWAITING_FIRST_PAYMENT
    assert order.billing_revision == 1
    assert order.payment_due_at == DUE
    assert all(i.unit_price == Money.cny(1000) for i in order.items)
    assert order.history[-1].from_status == "applied"


def test_an_estimate_must_price_exactly_the_items() -> None:
    order = placed(items=2)
    with pytest.raises(InvalidInput, match="missing"):
        apply_estimate(order, prices(order)[:1], estimate(), payment_due_at=DUE, limits=LIMITS)
    extra = [*prices(order), ItemPrice(uuid4(), Money.cny(1), Money.cny(0))]
    with pytest.raises(InvalidInput, match="unknown"):
        apply_estimate(order, extra, estimate(), payment_due_at=DUE, limits=LIMITS)
    twice = [*prices(order), prices(order)[0]]
    with pytest.raises(InvalidInput, match="once"):
        apply_estimate(order, twice, estimate(), payment_due_at=DUE, limits=LIMITS)
    assert order.status is OrderStatus.APPLIED
    assert order.items[0].unit_price is None


@pytest.mark.parametrize(
    "rate",
    [
        ExchangeRate(base="CNY", quote="JPY", rate=Decimal("0.2")),
        ExchangeRate(base="CNY", quote="JPY", rate=Decimal("2050")),
        ExchangeRate(base="JPY", quote="CNY", rate=Decimal("20")),
    ],
)
def test_an_implausible_or_reversed_rate_is_refused(rate: ExchangeRate) -> None:
    order = placed()
    with pytest.raises(InvalidInput):
        apply_estimate(order, prices(order), estimate(rate=rate), payment_due_at=DUE, limits=LIMITS)
    assert order.status is OrderStatus.APPLIED


def test_absurd_estimated_prices_are_refused() -> None:
    order = placed()
    with pytest.raises(InvalidInput, match="unit price"):
        apply_estimate(order, prices(order, unit=0), estimate(), payment_due_at=DUE, limits=LIMITS)
    with pytest.raises(InvalidInput, match="domestic shipping"):
        apply_estimate(
            order, prices(order, shipping=-1), estimate(), payment_due_at=DUE, limits=LIMITS
        )


def test_a_fee_in_another_currency_than_jpy_is_refused() -> None:
    order = placed()
    with pytest.raises(InvalidInput, match="JPY"):
        apply_estimate(
            order,
            prices(order),
            estimate(override=Money.cny(100)),
            payment_due_at=DUE,
            limits=LIMITS,
        )


def test_an_order_is_estimated_only_once() -> None:
    order = estimated()
    with pytest.raises(Conflict) as err:
        apply_estimate(order, prices(order), estimate(), payment_due_at=DUE, limits=LIMITS)
    assert err.value.code == "invalid_transition"


@pytest.mark.parametrize("fee", [-1, -500, 10_000_001])
def test_a_service_fee_out_of_range_is_refused(fee: int) -> None:
    order = placed()
    with pytest.raises(InvalidInput) as err:
        apply_estimate(
            order,
            prices(order),
            estimate(override=Money.jpy(fee)),
            payment_due_at=DUE,
            limits=LIMITS,
        )
    assert err.value.code == "fee_out_of_range"


def test_a_total_above_the_documented_maximum_is_refused() -> None:
    order = placed()
    small = Limits(max_items=5, max_unit_price_fen=1_000_000, max_total_jpy=50_000)
    with pytest.raises(InvalidInput) as err:
        apply_estimate(
            order, prices(order, unit=100_000), estimate(), payment_due_at=DUE, limits=small
        )
    assert err.value.code == "total_out_of_range"
    assert "50000 JPY" in err.value.reason
    ok = placed()
    apply_estimate(
        ok, prices(ok), estimate(override=Money.jpy(0)), payment_due_at=DUE, limits=small
    )
    assert ok.status is OrderStatus.AWAITING_FIRST_PAYMENT


def test_a_quantity_that_pushes_the_total_over_the_maximum_is_caught() -> None:
    order = estimated()
    order.items[0].quantity = 9999
    with pytest.raises(InvalidInput) as err:
        check_total(order, 1_000_000)
    assert err.value.code == "total_out_of_range"
