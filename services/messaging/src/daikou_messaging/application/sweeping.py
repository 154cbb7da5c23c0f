"""Forget uploads that no message used within the retention period, and their unshared bytes."""

from __future__ import annotations

import logging
from datetime import timedelta

from daikou_kit.unit_of_work import Database
from daikou_messaging.adapters import attachments as attachment_repo
from daikou_messaging.application.ports import BlobStorage

log = logging.getLogger(__name__)


async def sweep_unattached(db: Database, storage: BlobStorage, retention: timedelta) -> int:
    """Delete unattached uploads older than `retention`; returns how many were forgotten."""
    async with db.unit_of_work() as uow:
        cutoff = uow.clock.now() - retention
        hashes = await attachment_repo.delete_unattached(uow.conn, cutoff)
        unused = await attachment_repo.unreferenced(uow.conn, hashes)
    removed = 0
    for sha256 in sorted(unused):
        removed += await storage.remove(sha256, untouched_since=cutoff)
    if hashes:
        log.info("forgot %d unattached uploads, removed %d files", len(hashes), removed)
    return len(hashes)
