"""Placing and estimating an order: the input rules the customer's and staff's data must meet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from uuid import UUID

from daikou_contracts.catalogue.common import Address, Marketplace, OrderStatus
from daikou_contracts.money import ExchangeRate, Money
from daikou_kit.errors import InvalidInput
from daikou_orders.domain.billing import first_billing
from daikou_orders.domain.lifecycle import move
from daikou_orders.domain.model import Estimate, HistoryEntry, Item, Order

_HOSTS: tuple[tuple[str, Marketplace], ...] = (
    ("tmall.com", Marketplace.TMALL),
    ("tmall.hk", Marketplace.TMALL),
    ("taobao.com", Marketplace.TAOBAO),
    ("tb.cn", Marketplace.TAOBAO),
    ("1688.com", Marketplace.ALIBABA_1688),
)

# A CNY/JPY rate outside these bounds is a typo, not a market rate.
MIN_RATE, MAX_RATE = 5, 50
MAX_TOTAL_JPY = 10_000_000  # the documented default maximum of a 1st billing


@dataclass(frozen=True)
class Limits:
    """Bounds that catch absurd input."""

    max_items: int
    max_unit_price_fen: int
    max_total_jpy: int = MAX_TOTAL_JPY


@dataclass(frozen=True)
class NewItem:
    """An item as the customer applies for it."""

    url: str
    title: str
    options: dict[str, str]
    quantity: int
    expected_unit_price: Money


@dataclass(frozen=True)
class ItemPrice:
    """Staff's price of one item, in CNY fen."""

    item_id: UUID
    unit_price: Money
    domestic_shipping: Money


def marketplace_of(url: str) -> Marketplace:
    """The marketplace a product URL belongs to, or InvalidInput."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme in ("http", "https"):
        for suffix, marketplace in _HOSTS:
            if host == suffix or host.endswith("." + suffix):
                return marketplace
    raise InvalidInput(
        f"{url} is not a Taobao, Tmall or 1688 product URL", code="not_a_marketplace_url"
    )


def _check_price(what: str, price: Money, limits: Limits, *, allow_zero: bool = False) -> None:
    if price.currency != "CNY":
        raise InvalidInput(
            f"{what} must be in CNY (fen), not {price.currency}", code="wrong_currency"
        )
    low = 0 if allow_zero else 1
    if not low <= price.amount <= limits.max_unit_price_fen:
        raise InvalidInput(
            f"{what} must be between {low} and {limits.max_unit_price_fen} fen, got {price.amount}",
            code="absurd_price",
        )


def place(
    *,
    order_id: UUID,
    order_number: str,
    customer_id: UUID,
    items: list[tuple[UUID, NewItem]],
    address: Address,
    shipping_preference: str,
    at: datetime,
    actor: str,
    limits: Limits,
) -> Order:
    """A new order in status applied, or InvalidInput saying what is wrong."""
    if not items:
        raise InvalidInput("an order needs at least one item", code="empty_order")
    if len(items) > limits.max_items:
        raise InvalidInput(f"an order has at most {limits.max_items} items", code="too_many_items")
    built = []
    for position, (item_id, new) in enumerate(items):
        if new.quantity < 1:
            raise InvalidInput(
                f"item {position + 1}: quantity must be at least 1", code="bad_quantity"
            )
        _check_price(f"item {position + 1}: expected unit price", new.expected_unit_price, limits)
        built.append(
            Item(
                item_id=item_id,
                position=position,
                marketplace=marketplace_of(new.url),
                url=new.url,
                title=new.title,
                options=dict(new.options),
                quantity=new.quantity,
                expected_unit_price=new.expected_unit_price,
            )
        )
    order = Order(
        order_id=order_id,
        order_number=order_number,
        customer_id=customer_id,
        status=OrderStatus.APPLIED,
        address=address,
        shipping_preference=shipping_preference,
        placed_at=at,
        items=built,
    )
    order.record(
        HistoryEntry(
            at=at, actor=actor, what="status", to_status=OrderStatus.APPLIED, reason="order placed"
        )
    )
    return order


def check_rate(rate: ExchangeRate) -> None:
    """The estimate converts CNY to JPY at a plausible rate."""
    if (rate.base, rate.quote) != ("CNY", "JPY"):
        raise InvalidInput("the exchange rate must convert CNY to JPY", code="wrong_rate")
    if not MIN_RATE <= rate.rate <= MAX_RATE:
        raise InvalidInput(f"a CNY/JPY rate of {rate.rate} is implausible", code="implausible_rate")


def apply_estimate(
    order: Order,
    prices: list[ItemPrice],
    estimate: Estimate,
    *,
    payment_due_at: datetime,
    limits: Limits,
) -> None:
    """Price every live item, then move the order to awaiting first payment."""
    by_id = check_estimate(order, prices, estimate, limits)
    move(
        order,
        OrderStatus.AWAITING_FIRST_PAYMENT,
        at=estimate.estimated_at,
        actor=estimate.estimated_by,
        reason="estimated; 1st billing issued",
    )
    for item in order.live_items:
        item.unit_price = by_id[item.item_id].unit_price
        item.domestic_shipping = by_id[item.item_id].domestic_shipping
    order.estimate = estimate
    order.billing_revision = 1
    order.payment_due_at = payment_due_at
    check_total(order, limits.max_total_jpy)


def check_total(order: Order, max_total_jpy: int) -> None:
    """The 1st billing's total is between 0 and the documented maximum, or the change is refused."""
    billed = first_billing(order).total.amount
    if not 0 <= billed <= max_total_jpy:
        raise InvalidInput(
            f"the 1st billing would total {billed} JPY; it must be between 0 and "
            f"{max_total_jpy} JPY (check the prices, quantities and the fee)",
            code="total_out_of_range",
        )


def check_estimate(
    order: Order, prices: list[ItemPrice], estimate: Estimate, limits: Limits
) -> dict[UUID, ItemPrice]:
    """The estimate's rate, fee and prices are plausible and price exactly the live items."""
    check_rate(estimate.rate)
    if estimate.fee_override is not None and estimate.fee_override.currency != "JPY":
        raise InvalidInput("the service fee is in JPY", code="wrong_currency")
    if estimate.fee_override is not None and not (
        0 <= estimate.fee_override.amount <= limits.max_total_jpy
    ):
        raise InvalidInput(
            f"the service fee must be between 0 and {limits.max_total_jpy} JPY",
            code="fee_out_of_range",
        )
    by_id = {p.item_id: p for p in prices}
    if len(by_id) != len(prices):
        raise InvalidInput("each item is priced once", code="duplicate_item")
    live = {i.item_id for i in order.live_items}
    if set(by_id) != live:
        missing, extra = live - set(by_id), set(by_id) - live
        raise InvalidInput(
            f"price exactly the order's items (missing {sorted(map(str, missing))}, "
            f"unknown {sorted(map(str, extra))})",
            code="items_mismatch",
        )
    for price in prices:
        _check_price("unit price", price.unit_price, limits)
        _check_price("domestic shipping", price.domestic_shipping, limits, allow_zero=True)
    return by_id
