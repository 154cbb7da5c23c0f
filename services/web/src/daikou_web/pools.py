"""The site's connections to the gateway: several small pools, handed out in turn.

httpx's pool (httpcore) looks at every connection it holds, with a socket check each, whenever a
request takes or gives back a connection. With one pool as large as the site's concurrency, that
scan was a quarter of the site's CPU (a py-spy profile with fifty customers reading at once:
`_assign_requests_to_connections`), so the connections are split over
`WebSettings.gateway_pools` clients of `gateway_pool_size` connections each, as the gateway splits
its own calls over one small pool per service.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager

import httpx


class GatewayPools:
    """Clients to the gateway, one after another for each call."""

    def __init__(self, clients: list[httpx.AsyncClient]) -> None:
        if not clients:
            raise ValueError("at least one client")
        self.clients = clients
        self._turn = itertools.cycle(clients)

    def next(self) -> httpx.AsyncClient:
        """The client for the next call."""
        return next(self._turn)


@asynccontextmanager
async def open_pools(
    count: int, make: Callable[[], httpx.AsyncClient]
) -> AsyncIterator[GatewayPools]:
    """`count` clients made by `make`, all closed on the way out."""
    async with AsyncExitStack() as stack:
        yield GatewayPools([await stack.enter_async_context(make()) for _ in range(count)])
