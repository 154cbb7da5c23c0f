"""What the use cases need from the outside world, beyond the unit of work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Protocol


class StagedBlob(Protocol):
    """Bytes written to storage but not yet kept: hashed, counted, their first bytes at hand."""

    sha256: str
    size: int
    head: bytes

    async def keep(self) -> None:
        """Move the bytes to their content address (idempotent for equal content)."""
        ...

    async def discard(self) -> None:
        """Forget the bytes."""
        ...


class BlobStorage(Protocol):
    """Content-addressed file storage."""

    async def stage(self, chunks: AsyncIterator[bytes]) -> StagedBlob:
        """Write a stream of chunks; if the stream raises, nothing is left behind and it re-raises."""
        ...

    async def exists(self, sha256: str) -> bool:
        """Whether content with this hash is stored."""
        ...

    def read(self, sha256: str) -> AsyncIterator[bytes]:
        """The stored bytes, in chunks."""
        ...

    async def remove(self, sha256: str, *, untouched_since: datetime) -> bool:
        """Delete content not written or re-uploaded since the given time; True if deleted."""
        ...
