"""Forget uploads that no message used within the retention period, and their unshared bytes.

The bytes of an upload are kept before the transaction that records it (so a record never points at
missing bytes); if that transaction fails, the bytes have no record at all. The sweep removes those
too once they are as old as the retention period: contents no attachment refers to.
"""

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


async def forget_unattached(uow: MessagingUnit, storage: BlobStorage) -> Swept:
    """Delete the records of unattached uploads older than the retention period; the contents
    left unused by them, and those no record ever referred to, to remove once this commits."""
    cutoff = uow.clock.now() - uow.settings.unattached_retention
    hashes = await uow.attachments.delete_unattached(cutoff)
    old = await storage.untouched_since(cutoff)
    unused = await uow.attachments.unreferenced({*hashes, *old})
    return Swept(len(hashes), unused, cutoff)


async def remove_unused(storage: BlobStorage, swept: Swept) -> int:
    """Once the sweep committed, remove the contents it left unused (unless uploaded again since)."""
    removed = 0
    for sha256 in sorted(swept.unused):
        removed += await storage.remove(sha256, untouched_since=swept.cutoff)
    if swept.forgotten or removed:
        log.info("forgot %d unattached uploads, removed %d files", swept.forgotten, removed)
    return removed
