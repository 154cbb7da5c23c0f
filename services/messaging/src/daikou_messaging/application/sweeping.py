"""Forget uploads that no message used within the retention period, and their unshared bytes."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from daikou_messaging.application.ports import BlobStorage, MessagingUnit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Swept:
    """What one sweep forgot: how many uploads, the contents none uses any more, the cut-off."""

    forgotten: int
    unused: set[str]
    cutoff: datetime


async def forget_unattached(uow: MessagingUnit) -> Swept:
    """Delete the records of unattached uploads older than the retention period."""
    cutoff = uow.clock.now() - uow.settings.unattached_retention
    hashes = await uow.attachments.delete_unattached(cutoff)
    unused = await uow.attachments.unreferenced(hashes)
    return Swept(len(hashes), unused, cutoff)


async def remove_unused(storage: BlobStorage, swept: Swept) -> int:
    """Once the sweep committed, remove the contents it left unused (unless uploaded again since)."""
    removed = 0
    for sha256 in sorted(swept.unused):
        removed += await storage.remove(sha256, untouched_since=swept.cutoff)
    if swept.forgotten:
        log.info("forgot %d unattached uploads, removed %d files", swept.forgotten, removed)
    return removed
