"""A live feed for one dashboard: a bounded buffer; a client that falls behind is cut off, not waited for."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field

from daikou_contracts.json_types import JsonObject
from daikou_kit.errors import InvalidInput

KEY = re.compile(r"^(?:[a-z0-9_-]+|\*|#)(?:\.(?:[a-z0-9_-]+|\*|#))*$")
MAX_KEYS = 20


def check_keys(keys: list[str]) -> list[str]:
    """The routing-key filters asked for (default every event), or InvalidInput."""
    keys = keys or ["#"]
    if len(keys) > MAX_KEYS:
        raise InvalidInput(f"at most {MAX_KEYS} routing keys", code="too_many_keys")
    for key in keys:
        if len(key) > 255 or not KEY.match(key):
            raise InvalidInput(f"not a routing-key pattern: {key!r}", code="invalid_key")
    return keys


@dataclass
class LiveFeed:
    """Events waiting for one client; `overflowed` once the client fell a whole buffer behind."""

    size: int
    overflowed: bool = False
    dropped: int = 0
    _buffer: asyncio.Queue[JsonObject] = field(init=False)

    def __post_init__(self) -> None:
        self._buffer = asyncio.Queue(maxsize=self.size)

    def offer(self, event: JsonObject) -> None:
        """Buffer an event without ever waiting; a full buffer marks the client as too slow."""
        if self.overflowed:
            self.dropped += 1
            return
        try:
            self._buffer.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed = True
            self.dropped += 1

    async def next(self, timeout_s: float) -> JsonObject | None:
        """The next buffered event, or None after `timeout_s` without one."""
        try:
            return await asyncio.wait_for(self._buffer.get(), timeout_s)
        except TimeoutError:
            return None

    @property
    def pending(self) -> int:
        """How many events are buffered."""
        return self._buffer.qsize()
