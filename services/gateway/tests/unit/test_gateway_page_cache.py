"""The order page cache: kept per order and reader, dropped by changes to the order or customer."""

from typing import Any

from daikou_gateway.adapters.page_events import ids_in
from daikou_gateway.domain.page_cache import PageCache

CUSTOMER = ("c1", "customer")
STAFF = ("s1", "ops")


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def live_cache(ttl_s: float = 10.0, clock: Clock | None = None, **kwargs: Any) -> PageCache:
    cache = PageCache(ttl_s, now=clock or Clock(), **kwargs)
    cache.live = True
    return cache


def keep(cache: PageCache, order_id: str, reader: tuple[str, str], customer: str = "c1") -> None:
    assert cache.store(cache.begin(order_id, reader), {"order_id": order_id}, customer)


def test_a_kept_page_is_served_per_reader_until_it_expires() -> None:
    clock = Clock()
    cache = live_cache(10.0, clock)
    keep(cache, "o1", CUSTOMER)
    assert cache.get("o1", CUSTOMER) == {"order_id": "o1"}
    assert cache.get("o1", STAFF) is None
    clock.t = 10.0
    assert cache.get("o1", CUSTOMER) is None


def test_a_change_to_the_order_drops_every_reader_s_page() -> None:
    cache = live_cache()
    keep(cache, "o1", CUSTOMER)
    keep(cache, "o1", STAFF)
    keep(cache, "o2", CUSTOMER)
    cache.order_changed("o1")
    assert cache.get("o1", CUSTOMER) is None
    assert cache.get("o1", STAFF) is None


def test_a_change_to_an_order_drops_its_customer_s_other_pages_whose_tabs_list_it() -> None:
    cache = live_cache()
    keep(cache, "o1", CUSTOMER, customer="c1")
    keep(cache, "o2", CUSTOMER, customer="c1")
    keep(cache, "o3", ("c2", "customer"), customer="c2")
    cache.order_changed("o2")
    assert cache.get("o1", CUSTOMER) is None
    assert cache.get("o3", ("c2", "customer")) == {"order_id": "o3"}


def test_a_change_to_the_customer_drops_their_pages() -> None:
    cache = live_cache()
    keep(cache, "o1", CUSTOMER, customer="c1")
    cache.changed("c1")
    assert cache.get("o1", CUSTOMER) is None


def test_a_page_composed_while_its_order_changed_is_not_kept() -> None:
    cache = live_cache()
    ticket = cache.begin("o1", CUSTOMER)
    cache.order_changed("o1")  # an event arrives while the page is being composed
    assert not cache.store(ticket, {"order_id": "o1"}, "c1")
    assert cache.get("o1", CUSTOMER) is None


def test_a_page_composed_across_a_clear_is_not_kept() -> None:
    cache = live_cache()
    ticket = cache.begin("o1", CUSTOMER)
    cache.clear()
    assert not cache.store(ticket, {"order_id": "o1"}, "c1")


def test_nothing_is_served_while_the_events_are_not_heard() -> None:
    cache = live_cache()
    keep(cache, "o1", CUSTOMER)
    cache.live = False
    assert cache.get("o1", CUSTOMER) is None
    assert not cache.store(cache.begin("o1", CUSTOMER), {}, "c1")


def test_the_cache_is_bounded() -> None:
    cache = live_cache(max_pages=2)
    for order in ("o1", "o2", "o3"):
        keep(cache, order, CUSTOMER)
    assert cache.get("o1", CUSTOMER) is None
    assert cache.get("o3", CUSTOMER) is not None


def test_an_event_names_the_orders_and_customers_of_its_payload() -> None:
    body = (
        b'{"type": "payments.billing_paid", "payload": {"order_id": "AB-1", "customer_id": "c9",'
        b' "billing_id": "b1", "amount": 3}}'
    )
    assert ids_in(body) == ["ab-1", "c9"]
    assert ids_in(b"not json") == []
    assert ids_in(b'{"payload": [1]}') == []


def test_a_degraded_page_is_kept_only_a_moment() -> None:
    clock = Clock()
    cache = live_cache(10.0, clock, degraded_ttl_s=0.5)
    ticket = cache.begin("o1", CUSTOMER)
    assert cache.store(ticket, {"order_id": "o1"}, "c1", whole=False)
    clock.t = 0.4
    assert cache.get("o1", CUSTOMER) is not None
    clock.t = 0.5
    assert cache.get("o1", CUSTOMER) is None
    no_moment = live_cache(10.0, clock)
    assert not no_moment.store(no_moment.begin("o1", CUSTOMER), {}, "c1", whole=False)
