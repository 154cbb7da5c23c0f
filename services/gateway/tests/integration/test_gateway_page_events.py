"""The page cache hears the events on the real broker: an event drops what its own service answered
for the pages it names at once, and every service's answers `settle_s` later."""

import asyncio
import json
from collections.abc import Awaitable, Callable

import aio_pika
import pytest

from daikou_gateway.adapters.page_events import PageEvents
from daikou_gateway.domain.order_page import PART_SOURCES, by_source
from daikou_gateway.domain.page_cache import PageCache
from daikou_kit.testing import Infra, eventually

pytestmark = pytest.mark.integration

CUSTOMER = ("c1", "customer")
ANSWERS = {name: {"from": source} for name, source in PART_SOURCES.items()}


def kept_sources(cache: PageCache, order_id: str) -> set[str]:
    return {PART_SOURCES[name] for name in cache.get(order_id, CUSTOMER)}


def kept(cache: PageCache, order_id: str, sources: set[str]) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return kept_sources(cache, order_id) == sources

    return check


def live(cache: PageCache) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return cache.live

    return check


async def test_an_event_drops_its_service_s_answers_then_everything_once_settled(
    infra: Infra, amqp_connection: aio_pika.abc.AbstractRobustConnection
) -> None:
    cache = PageCache(30.0)
    events = PageEvents(infra.amqp_url, infra.names, cache, settle_s=0.5)
    worker = asyncio.create_task(events.run())
    try:
        await eventually(live(cache), timeout=10)
        for order_id in ("o1", "o2"):
            assert cache.store(cache.begin(order_id, CUSTOMER), by_source(ANSWERS), "c1")
        channel = await amqp_connection.channel()
        exchange = await channel.get_exchange(infra.names.events)
        body = {"type": "orders.purchasing_started", "payload": {"order_id": "O1"}}
        await exchange.publish(
            aio_pika.Message(json.dumps(body).encode()),
            routing_key="orders.purchasing_started.v1",
        )
        await eventually(kept(cache, "o1", {"payments", "warehouse", "messaging"}))
        assert kept_sources(cache, "o2") == {"payments", "warehouse", "messaging"}  # its tabs
        await eventually(kept(cache, "o1", set()), timeout=5)
        assert kept_sources(cache, "o2") == set()
    finally:
        events.stop()
        await worker
