"""A worker that periodically forgets uploads no message used, and removes unreferenced bytes."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from daikou_messaging.adapters.unit_of_work import MessagingUnits
from daikou_messaging.application.ports import BlobStorage
from daikou_messaging.application.sweeping import forget_unattached, remove_unused

log = logging.getLogger(__name__)


class UploadSweeper:
    """Runs the sweep at start and then every `interval_s` until stopped."""

    def __init__(self, units: MessagingUnits, storage: BlobStorage, interval_s: float) -> None:
        self._units = units
        self._storage = storage
        self._interval_s = interval_s
        self._stopped = asyncio.Event()

    async def sweep(self) -> int:
        """One sweep: forget old unattached uploads, then remove their unshared bytes; how many."""
        async with self._units.begin() as uow:
            swept = await forget_unattached(uow, self._storage)
        await remove_unused(self._storage, swept)
        return swept.forgotten

    async def run(self) -> None:
        """Sweep until stopped; a failed sweep is logged and tried again next time."""
        while not self._stopped.is_set():
            try:
                await self.sweep()
            except Exception:
                log.exception("sweeping unattached uploads failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), timeout=self._interval_s)

    def stop(self) -> None:
        """Finish after the current sweep."""
        self._stopped.set()
