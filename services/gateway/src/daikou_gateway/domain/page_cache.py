"""The parts of the order details pages the gateway has fetched recently, kept until something
changes them.

A page is made of what four services answered, its *sources* (`order_page.SOURCES`): orders (the
order, the customer's ongoing orders), payments (the billings, the deposit), the warehouse and
messaging. Their answers are kept per order, reader (customer or staff see different things) and
source. An event from one of these services drops that source's parts of the pages it names (the
order's, and its customer's other pages, whose tabs list the order); anything else drops every
source's: an event from another service, the settling drop some time after each event (the effects
of the services that consume it), a change the gateway itself forwards. So the page read after a
change asks again only the service that changed, and every answer is kept `ttl_s` at most.

A fetch that began before a drop never stores its (possibly stale) answers: every order and customer
has a generation per source that every drop increases. The cache serves only while `live` (the
events that drop pages are being received); otherwise every read asks every service.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from daikou_gateway.domain.order_page import SOURCES, Fetched, Unavailable

Reader = tuple[str, str]  # (user id, role)
Parts = dict[str, Fetched]
"""What services answered, by part name (`order`, `ongoing`, `billings`, ...)."""


@dataclass(frozen=True)
class Ticket:
    """What a reader saw of the generations when it began fetching a page's parts."""

    order_id: str
    reader: Reader
    order_generations: tuple[int, ...]
    """The order's generation of each source, in `SOURCES`' order."""
    customer_id: str | None
    customer_generations: tuple[int, ...]
    epoch: int


@dataclass
class _Kept:
    """One source's answers for one page."""

    parts: Parts
    expires_at: float
    order_generation: int
    customer_generation: int


@dataclass
class _Entry:
    customer_id: str | None
    sources: dict[str, _Kept] = field(default_factory=dict)


class PageCache:
    """The services' answers for the order pages, by (order, reader) and source, bounded in size
    and age."""

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
        self._orders: dict[tuple[str, str], int] = {}
        self._customers: dict[tuple[str, str], int] = {}
        self._owner: dict[str, str] = {}
        self._epoch = 0
        self.hits = 0
        self.partial_hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        """Whether answers are served from the cache now."""
        return self.live and self.ttl_s > 0

    def get(self, order_id: str, reader: Reader) -> Parts:
        """The kept parts still valid, of every source not dropped since (empty when none is)."""
        if not self.enabled:
            return {}
        entry = self._pages.get((order_id, reader))
        if entry is None:
            self.misses += 1
            return {}
        now = self.now()
        parts: Parts = {}
        for source, kept in list(entry.sources.items()):
            if kept.expires_at <= now or self._stale(order_id, entry.customer_id, source, kept):
                del entry.sources[source]
            else:
                parts.update(kept.parts)
        kept_sources = len(entry.sources)
        if kept_sources == len(SOURCES):
            self.hits += 1
        elif kept_sources:
            self.partial_hits += 1
        else:
            self.misses += 1
        return parts

    def _stale(self, order_id: str, customer_id: str | None, source: str, kept: _Kept) -> bool:
        if self._orders.get((order_id, source), 0) != kept.order_generation:
            return True
        return (
            customer_id is not None
            and self._customers.get((customer_id, source), 0) != kept.customer_generation
        )

    def begin(self, order_id: str, reader: Reader) -> Ticket:
        """Note the generations before fetching a page's parts."""
        customer_id = self._owner.get(order_id) or (reader[0] if reader[1] == "customer" else None)
        return Ticket(
            order_id,
            reader,
            tuple(self._orders.get((order_id, s), 0) for s in SOURCES),
            customer_id,
            tuple(self._customers.get((customer_id, s), 0) for s in SOURCES if customer_id),
            self._epoch,
        )

    def store(self, ticket: Ticket, fetched: Mapping[str, Parts], customer_id: str | None) -> bool:
        """Keep the answers fetched since `ticket`, by source, unless their source changed since;
        whether any was kept.

        A source with a part missing (`Unavailable`) is kept only `degraded_ttl_s`: long enough to
        spare a struggling service the same questions, short enough to heal on its own.
        """
        if not self.enabled or ticket.epoch != self._epoch:
            return False
        if customer_id is not None:
            self._owner[ticket.order_id] = customer_id
        key = (ticket.order_id, ticket.reader)
        entry = self._pages.get(key)
        if entry is None or entry.customer_id != customer_id:
            entry = self._pages[key] = _Entry(customer_id)
        kept_any = False
        for n, source in enumerate(SOURCES):
            parts = fetched.get(source)
            if parts is None or not self._unchanged(ticket, n, customer_id):
                continue
            whole = not any(isinstance(p, Unavailable) for p in parts.values())
            ttl_s = self.ttl_s if whole else self.degraded_ttl_s
            if ttl_s <= 0:
                continue
            entry.sources[source] = _Kept(
                dict(parts),
                self.now() + ttl_s,
                ticket.order_generations[n],
                self._customers.get((customer_id, source), 0) if customer_id else 0,
            )
            kept_any = True
        self._pages.move_to_end(key)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        return kept_any

    def _unchanged(self, ticket: Ticket, n: int, customer_id: str | None) -> bool:
        source = SOURCES[n]
        if self._orders.get((ticket.order_id, source), 0) != ticket.order_generations[n]:
            return False
        if customer_id is None or customer_id != ticket.customer_id:
            return True  # the customer was not known when the fetch began
        return self._customers.get((customer_id, source), 0) == ticket.customer_generations[n]

    def order_changed(self, order_id: str, source: str | None = None) -> None:
        """Drop the order's pages (of one source, or of all), and its customer's."""
        for each in _sources(source):
            self._orders[(order_id, each)] = self._orders.get((order_id, each), 0) + 1
        if (customer := self._owner.get(order_id)) is not None:
            self.customer_changed(customer, source)
        self._bound()

    def customer_changed(self, customer_id: str, source: str | None = None) -> None:
        """Drop every page of the customer's orders (tabs, deposit), of one source or of all."""
        for each in _sources(source):
            self._customers[(customer_id, each)] = self._customers.get((customer_id, each), 0) + 1
        self._bound()

    def _bound(self) -> None:
        """Generations are kept per id seen: start afresh when there are too many."""
        if len(self._orders) + len(self._customers) > 20 * len(SOURCES) * self.max_pages:
            self.clear()

    def changed(self, *ids: str, source: str | None = None) -> None:
        """Something changed that names these ids, orders or customers (it is not known which):
        what `source` answered, or, without a source known to the page, everything."""
        for some_id in ids:
            self.order_changed(some_id, source)
            self.customer_changed(some_id, source)

    def clear(self) -> None:
        """Drop everything (and every fetch in flight)."""
        self._pages.clear()
        self._owner.clear()
        self._orders.clear()
        self._customers.clear()
        self._epoch += 1


def _sources(source: str | None) -> tuple[str, ...]:
    return (source,) if source in SOURCES else SOURCES
