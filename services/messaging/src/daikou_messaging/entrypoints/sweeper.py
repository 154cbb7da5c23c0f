"""A worker that periodically forgets uploads no message used."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from daikou_kit.unit_of_work import Database
from daikou_messaging.application.ports import BlobStorage
from daikou_messaging.application.sweeping import sweep_unattached

log = logging.getLogger(__name__)


class UploadSweeper:
    """Runs the sweep at start and then every `interval_s` until stopped."""

    def __init__(
        self, db: Database, storage: BlobStorage, retention: timedelta, interval_s: float
    ) -> None:
        self._db = db
        self._storage = storage
        self._retention = retention
        self._interval_s = interval_s
        self._stopped = asyncio.Event()

    async def run(self) -> None:
        """Sweep until stopped; a failed sweep is logged and tried again next time."""
        while not self._stopped.is_set():
            try:
                await sweep_unattached(self._db, self._storage, self._retention)
            except Exception:
                log.exception("sweeping unattached uploads failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), timeout=self._interval_s)

    def stop(self) -> None:
        """Finish after the current sweep."""
        self._stopped.set()
