"""The order page against slow, failing and changing services: each part waits at most its budget,
a failing service is remembered for a while, and a change the gateway forwards is seen at once."""

import asyncio
import time
from typing import Any
from uuid import UUID, uuid4

import httpx

from daikou_gateway.adapters.services import Services
from daikou_gateway.application.order_page import order_page
from daikou_gateway.domain.caller import Caller
from daikou_gateway.domain.page_cache import PageCache
from daikou_gateway.settings import GatewaySettings
from daikou_gateway.wiring import build_services

ORDER_ID = uuid4()
CUSTOMER = Caller(uuid4(), "customer", "flow-1")


class FakeServices:
    """Every service's internal API in memory; `slow` services sleep, `down` ones refuse."""

    def __init__(self) -> None:
        self.status = "awaiting_first_payment"
        self.billing = "open"
        self.slow: set[str] = set()
        self.down: set[str] = set()
        self.calls: dict[str, int] = {}

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        self.calls[host] = self.calls.get(host, 0) + 1
        if host in self.down:
            raise httpx.ConnectError("refused", request=request)
        if host in self.slow:
            await asyncio.sleep(30)
        if request.method == "POST":  # a service's API changes that service's state alone
            if host == "payments":
                self.billing = "paid"
            else:
                self.status = "cancelled"
            return httpx.Response(200, json={})
        return httpx.Response(200, json=self.answer(host, request.url.path))

    def answer(self, host: str, path: str) -> Any:
        if host == "orders" and path == "/orders":
            return {"orders": [{"order_id": str(ORDER_ID), "status": self.status}]}
        if host == "orders":
            return {
                "order_id": str(ORDER_ID),
                "customer_id": str(CUSTOMER.user_id),
                "status": self.status,
                "items": [],
            }
        if host == "payments" and path == "/billings":
            return {"billings": [{"kind": "first", "status": self.billing}]}
        if host == "payments":
            return {"balance": {"amount": 0, "currency": "JPY"}}
        return {}


def services(fake: FakeServices, cached: bool = True, **settings: Any) -> Services:
    config = GatewaySettings(
        orders_url="http://orders",
        payments_url="http://payments",
        messaging_url="http://messaging",
        warehouse_url="http://warehouse",
        scheduler_url="http://scheduler",
        **settings,
    )
    cache = PageCache(10.0) if cached else None
    if cache is not None:
        cache.live = True
    built, _ = build_services(config, httpx.MockTransport(fake), cache)
    return built


async def timed_page(svc: Services, order_id: UUID = ORDER_ID) -> tuple[dict[str, Any], float]:
    start = time.perf_counter()
    page = await order_page(svc, CUSTOMER, order_id)
    return page, time.perf_counter() - start


async def test_a_slow_service_costs_the_page_at_most_its_budget() -> None:
    fake = FakeServices()
    fake.slow.add("warehouse")
    svc = services(fake, page_part_budget_s=0.2)
    page, took = await timed_page(svc)
    assert took < 0.5
    assert page["shipping"]["available"] is False
    assert "did not answer in 0.2s" in page["shipping"]["unavailable_reason"]
    assert page["billing"]["available"] is True


async def test_a_failing_service_is_not_called_while_its_breaker_is_open() -> None:
    fake = FakeServices()
    fake.slow.add("messaging")
    svc = services(fake, page_part_budget_s=0.1, breaker_failures=2, breaker_open_s=60)
    for _ in range(2):
        await timed_page(svc)
    calls = fake.calls["messaging"]
    page, took = await timed_page(svc)
    assert took < 0.08  # no wait at all: the breaker answers for the service
    assert fake.calls["messaging"] == calls
    assert "not called for a while" in page["messages"]["unavailable_reason"]


async def test_a_whole_page_is_kept_and_a_degraded_one_is_not() -> None:
    fake = FakeServices()
    svc = services(fake)
    await timed_page(svc)
    before = dict(fake.calls)
    await timed_page(svc)
    assert fake.calls == before  # served from the cache
    await svc.warehouse.send("POST", f"/orders/{ORDER_ID}/notes", CUSTOMER)  # drops its answer
    fake.down.add("warehouse")
    first, _ = await timed_page(svc)
    assert first["shipping"]["available"] is False
    fake.down.clear()
    second, _ = await timed_page(svc)
    assert second["shipping"]["available"] is True


async def test_the_customer_s_own_action_is_on_the_next_page_read() -> None:
    fake = FakeServices()
    svc = services(fake)
    page, _ = await timed_page(svc)
    assert page["billing"]["data"]["first"]["status"] == "open"
    before = dict(fake.calls)
    # paying names no order in its path: what payments answered for the customer's pages goes
    await svc.payments.send("POST", f"/billings/{uuid4()}/payments", CUSTOMER)
    page, _ = await timed_page(svc)
    assert page["billing"]["data"]["first"]["status"] == "paid"
    # the other services' answers stay until their own events say the order changed
    assert fake.calls["orders"] == before["orders"]
    assert fake.calls["payments"] == before["payments"] + 3  # the payment, billings, deposit


async def test_without_a_cache_every_read_asks_the_services() -> None:
    fake = FakeServices()
    svc = services(fake, cached=False)
    await timed_page(svc)
    await timed_page(svc)
    assert fake.calls["orders"] == 4  # the order and the tabs, twice


class OrdersAnswerLast(FakeServices):
    """Orders answers only once every other part of a customer's page has been asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.others_asked = asyncio.Event()
        self.asked: set[str] = set()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if host == "orders" and request.url.path != "/orders":
            await asyncio.wait_for(self.others_asked.wait(), 5)
        else:
            self.asked.add(f"{host}{request.url.path}")
            if len(self.asked) == 5:  # billings, deposit, warehouse, messages, ongoing orders
                self.others_asked.set()
        return await super().__call__(request)


async def test_a_customers_page_asks_every_part_at_once() -> None:
    fake = OrdersAnswerLast()
    page, _ = await timed_page(services(fake, cached=False))
    assert fake.others_asked.is_set()
    assert page["progress"]["available"] is True
    assert page["tabs"]["available"] is True
    assert page["billing"]["available"] is True


async def test_after_an_event_the_page_asks_again_only_the_service_it_came_from() -> None:
    fake = FakeServices()
    svc = services(fake)
    await timed_page(svc)
    before = dict(fake.calls)
    assert svc.page_cache is not None
    fake.status = "purchasing"
    svc.page_cache.changed(str(ORDER_ID), source="orders")  # orders' fact about the order
    page, _ = await timed_page(svc)
    assert page["progress"]["data"]["status"] == "purchasing"
    asked = {host: calls - before.get(host, 0) for host, calls in fake.calls.items()}
    assert asked == {"orders": 2, "payments": 0, "warehouse": 0, "messaging": 0}
    await timed_page(svc)
    assert fake.calls["orders"] == before["orders"] + 2  # and keeps its answers again
