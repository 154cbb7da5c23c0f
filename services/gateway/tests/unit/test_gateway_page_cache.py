"""The order page cache: services' answers kept per order, reader and service, dropped by changes to
the order or customer (of that service, or of all)."""

from typing import Any

from daikou_gateway.adapters.page_events import ids_in, source_of
from daikou_gateway.domain.order_page import PART_SOURCES, Unavailable, by_source
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


ANSWERS: dict[str, Any] = {
    "order": {"order_id": "o1"},
    "ongoing": [],
    "billings": [],
    "deposit": {"balance": None},
    "warehouse": {},
    "conversation": {"threads": []},
}


def keep(
    cache: PageCache,
    order_id: str,
    reader: tuple[str, str],
    customer: str = "c1",
    answers: dict[str, Any] | None = None,
) -> None:
    fetched = by_source(answers or {**ANSWERS, "order": {"order_id": order_id}})
    assert cache.store(cache.begin(order_id, reader), fetched, customer)


def sources_kept(cache: PageCache, order_id: str, reader: tuple[str, str]) -> set[str]:
    return {PART_SOURCES[name] for name in cache.get(order_id, reader)}


def test_a_kept_page_is_served_per_reader_until_it_expires() -> None:
    clock = Clock()
    cache = live_cache(10.0, clock)
    keep(cache, "o1", CUSTOMER)
    assert cache.get("o1", CUSTOMER) == ANSWERS
    assert cache.get("o1", STAFF) == {}
    clock.t = 10.0
    assert cache.get("o1", CUSTOMER) == {}


def test_a_change_to_the_order_drops_every_reader_s_page() -> None:
    cache = live_cache()
    keep(cache, "o1", CUSTOMER)
    keep(cache, "o1", STAFF)
    keep(cache, "o2", CUSTOMER)
    cache.order_changed("o1")
    assert cache.get("o1", CUSTOMER) == {}
    assert cache.get("o1", STAFF) == {}


def test_an_event_of_one_service_drops_only_what_that_service_answered() -> None:
    cache = live_cache()
    keep(cache, "o1", CUSTOMER)
    keep(cache, "o2", CUSTOMER)
    cache.changed("o1", source="orders")
    assert sources_kept(cache, "o1", CUSTOMER) == {"payments", "warehouse", "messaging"}
    # the customer's other pages list the order in their tabs: their orders' answers go too
    assert sources_kept(cache, "o2", CUSTOMER) == {"payments", "warehouse", "messaging"}
    cache.changed("o1", source="payments")
    assert sources_kept(cache, "o1", CUSTOMER) == {"warehouse", "messaging"}
    cache.changed("o1", source="scheduler")  # not a source of the page: everything goes
    assert sources_kept(cache, "o1", CUSTOMER) == set()


def test_what_a_service_answered_again_is_kept_beside_the_rest() -> None:
    cache = live_cache()
    keep(cache, "o1", CUSTOMER)
    cache.changed("o1", source="orders")
    ticket = cache.begin("o1", CUSTOMER)
    again = {"order": {"order_id": "o1", "status": "purchasing"}, "ongoing": [1]}
    assert cache.store(ticket, by_source(again), "c1")
    assert cache.get("o1", CUSTOMER) == {**ANSWERS, **again}


def test_a_change_to_an_order_drops_its_customer_s_other_pages_whose_tabs_list_it() -> None:
    cache = live_cache()
    keep(cache, "o1", CUSTOMER, customer="c1")
    keep(cache, "o2", CUSTOMER, customer="c1")
    keep(cache, "o3", ("c2", "customer"), customer="c2")
    cache.order_changed("o2")
    assert cache.get("o1", CUSTOMER) == {}
    assert cache.get("o3", ("c2", "customer"))["order"] == {"order_id": "o3"}


def test_a_change_to_the_customer_drops_their_pages() -> None:
    cache = live_cache()
    keep(cache, "o1", CUSTOMER, customer="c1")
    cache.changed("c1")
    assert cache.get("o1", CUSTOMER) == {}


def test_answers_fetched_while_their_service_changed_are_not_kept() -> None:
    cache = live_cache()
    ticket = cache.begin("o1", CUSTOMER)
    cache.changed("o1", source="payments")  # an event arrives while the page is being composed
    assert cache.store(ticket, by_source(ANSWERS), "c1")
    assert sources_kept(cache, "o1", CUSTOMER) == {"orders", "warehouse", "messaging"}
    ticket = cache.begin("o1", CUSTOMER)
    cache.customer_changed("c1")  # the customer's deposit or tabs changed meanwhile
    assert not cache.store(ticket, by_source(ANSWERS), "c1")


def test_a_page_composed_across_a_clear_is_not_kept() -> None:
    cache = live_cache()
    ticket = cache.begin("o1", CUSTOMER)
    cache.clear()
    assert not cache.store(ticket, by_source(ANSWERS), "c1")


def test_nothing_is_served_while_the_events_are_not_heard() -> None:
    cache = live_cache()
    keep(cache, "o1", CUSTOMER)
    cache.live = False
    assert cache.get("o1", CUSTOMER) == {}
    assert not cache.store(cache.begin("o1", CUSTOMER), by_source(ANSWERS), "c1")


def test_the_cache_is_bounded() -> None:
    cache = live_cache(max_pages=2)
    for order in ("o1", "o2", "o3"):
        keep(cache, order, CUSTOMER)
    assert cache.get("o1", CUSTOMER) == {}
    assert cache.get("o3", CUSTOMER) != {}


def test_an_event_s_routing_key_names_its_service() -> None:
    assert source_of("orders.purchasing_started.v1") == "orders"
    assert source_of("scheduler.deadline_reached.v1.orders") == "scheduler"
    assert source_of(None) is None


def test_an_event_names_the_orders_and_customers_of_its_payload() -> None:
    body = (
        b'{"type": "payments.billing_paid", "payload": {"order_id": "AB-1", "customer_id": "c9",'
        b' "billing_id": "b1", "amount": 3}}'
    )
    assert ids_in(body) == ["ab-1", "c9"]
    assert ids_in(b"not json") == []
    assert ids_in(b'{"payload": [1]}') == []


def test_a_service_that_did_not_answer_is_kept_only_a_moment() -> None:
    clock = Clock()
    cache = live_cache(10.0, clock, degraded_ttl_s=0.5)
    degraded = {**ANSWERS, "warehouse": Unavailable("warehouse", "down")}
    assert cache.store(cache.begin("o1", CUSTOMER), by_source(degraded), "c1")
    clock.t = 0.4
    assert sources_kept(cache, "o1", CUSTOMER) == {"orders", "payments", "warehouse", "messaging"}
    clock.t = 0.5
    assert sources_kept(cache, "o1", CUSTOMER) == {"orders", "payments", "messaging"}
    no_moment = live_cache(10.0, clock)
    only_warehouse = by_source({"warehouse": Unavailable("warehouse", "down")})
    assert not no_moment.store(no_moment.begin("o1", CUSTOMER), only_warehouse, "c1")
