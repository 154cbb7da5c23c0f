"""LISTEN for the notification a committed schedule sends, so every replica's loop wakes early."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine

from daikou_kit.db import asyncpg_dsn
from daikou_scheduler.adapters.deadlines import NOTIFY_CHANNEL

log = logging.getLogger(__name__)


class WakeListener:
    """Sets an event on every notification; polling covers the time it is not connected."""

    def __init__(self, engine: AsyncEngine, event: asyncio.Event) -> None:
        self._engine = engine
        self._event = event
        self._conn: asyncpg.Connection | None = None

    async def ensure(self) -> None:
        """(Re)connect and LISTEN; on failure, log and leave the loop to polling."""
        if self._conn is not None and not self._conn.is_closed():
            return
        try:
            dsn = asyncpg_dsn(self._engine.url.render_as_string(hide_password=False))
            self._conn = await asyncpg.connect(dsn)
            await self._conn.add_listener(NOTIFY_CHANNEL, lambda *_: self._event.set())
        except (OSError, asyncpg.PostgresError) as exc:
            log.warning("firing: LISTEN unavailable (%s); polling", exc)
            self._conn = None

    async def close(self) -> None:
        """Stop listening."""
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await self._conn.close()
            self._conn = None
