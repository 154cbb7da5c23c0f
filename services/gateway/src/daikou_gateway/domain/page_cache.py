"""The order details pages the gateway has composed recently, kept until something changes them.

A page is kept per order and reader (customer or staff see different things) and dropped as soon as
an event names its order or its customer, or the gateway itself forwards a change to them, or after
`ttl_s` at the latest. A fetch that began before a drop never stores its (possibly stale) page: each
order and customer has a generation that every drop increases. The cache serves only while `live`
(the events that drop pages are being received); otherwise every read composes the page afresh.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from daikou_contracts.json_types import JsonObject

Reader = tuple[str, str]  # (user id, role)


@dataclass(frozen=True)
class Ticket:
    """What a reader saw of the generations when it began composing a page."""

    order_id: str
    reader: Reader
    order_generation: int
    epoch: int


@dataclass
class _Entry:
    page: JsonObject
    customer_id: str | None
    expires_at: float
    order_generation: int
    customer_generation: int


class PageCache:
    """Composed pages by (order, reader), bounded in size and age."""

    def __init__(
        self,
        ttl_s: float,
        max_pages: int = 10_000,
        now: Callable[[], float] = time.monotonic,
        degraded_ttl_s: float = 0.0,
    ) -> None:
        self.ttl_s = ttl_s
        self.degraded_ttl_s = min(ttl_s, degraded_ttl_s)
        self.max_pages = max_pages
        self.now = now
        self.live = False
        self._pages: OrderedDict[tuple[str, Reader], _Entry] = OrderedDict()
        self._orders: dict[str, int] = {}
        self._customers: dict[str, int] = {}
        self._owner: dict[str, str] = {}
        self._epoch = 0
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        """Whether pages are served from the cache now."""
        return self.live and self.ttl_s > 0

    def get(self, order_id: str, reader: Reader) -> JsonObject | None:
        """The kept page, if still valid."""
        if not self.enabled:
            return None
        entry = self._pages.get((order_id, reader))
        if entry is None or entry.expires_at <= self.now() or self._stale(order_id, entry):
            self._pages.pop((order_id, reader), None)
            self.misses += 1
            return None
        self.hits += 1
        return entry.page

    def _stale(self, order_id: str, entry: _Entry) -> bool:
        if self._orders.get(order_id, 0) != entry.order_generation:
            return True
        customer = entry.customer_id
        return (
            customer is not None and self._customers.get(customer, 0) != entry.customer_generation
        )

    def begin(self, order_id: str, reader: Reader) -> Ticket:
        """Note the generations before composing a page."""
        return Ticket(order_id, reader, self._orders.get(order_id, 0), self._epoch)

    def store(
        self, ticket: Ticket, page: JsonObject, customer_id: str | None, *, whole: bool = True
    ) -> bool:
        """Keep a page unless something changed since `ticket`; whether it was kept.

        A page with a part missing (`whole=False`) is kept only `degraded_ttl_s`: long enough to
        spare a struggling service the same questions, short enough to heal on its own.
        """
        ttl_s = self.ttl_s if whole else self.degraded_ttl_s
        if not self.enabled or ttl_s <= 0 or ticket.epoch != self._epoch:
            return False
        if self._orders.get(ticket.order_id, 0) != ticket.order_generation:
            return False
        if customer_id is not None:
            self._owner[ticket.order_id] = customer_id
        key = (ticket.order_id, ticket.reader)
        self._pages[key] = _Entry(
            page,
            customer_id,
            self.now() + ttl_s,
            ticket.order_generation,
            self._customers.get(customer_id, 0) if customer_id else 0,
        )
        self._pages.move_to_end(key)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        return True

    def order_changed(self, order_id: str) -> None:
        """Drop the order's pages, and its customer's (their tabs list this order)."""
        self._orders[order_id] = self._orders.get(order_id, 0) + 1
        if (customer := self._owner.get(order_id)) is not None:
            self.customer_changed(customer)
        self._bound()

    def customer_changed(self, customer_id: str) -> None:
        """Drop every page of the customer's orders (tabs, deposit)."""
        self._customers[customer_id] = self._customers.get(customer_id, 0) + 1
        self._bound()

    def _bound(self) -> None:
        """Generations are kept per id seen: start afresh when there are too many."""
        if len(self._orders) + len(self._customers) > 20 * self.max_pages:
            self.clear()

    def changed(self, *ids: str) -> None:
        """Something changed that names these ids, orders or customers (it is not known which)."""
        for some_id in ids:
            self.order_changed(some_id)
            self.customer_changed(some_id)

    def clear(self) -> None:
        """Drop everything (and every fetch in flight)."""
        self._pages.clear()
        self._owner.clear()
        self._orders.clear()
        self._customers.clear()
        self._epoch += 1
