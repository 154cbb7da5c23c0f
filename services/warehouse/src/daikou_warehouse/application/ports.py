"""What the use cases need from the outside world besides the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class StagedPhoto:
    """An uploaded photo written to temporary storage, validated, not yet kept."""

    token: str
    sha256: str
    size_bytes: int
    content_type: str


class PhotoWriter(Protocol):
    """Receives one upload's bytes as they stream in."""

    def write(self, chunk: bytes) -> None:
        """Append bytes."""
        ...

    def finish(self, content_type: str) -> StagedPhoto:
        """Close the temporary file and describe it."""
        ...

    def discard(self) -> None:
        """Drop what was written."""
        ...


class PhotoStore(Protocol):
    """Content-addressed storage of photo bytes."""

    def writer(self) -> PhotoWriter:
        """Start receiving a new upload."""
        ...

    async def keep(self, staged: StagedPhoto) -> None:
        """Move a staged upload to its content address (a no-op when the bytes are already kept)."""
        ...

    async def discard(self, staged: StagedPhoto) -> None:
        """Drop a staged upload."""
        ...

    async def read(self, sha256: str) -> bytes:
        """The bytes kept under a content address."""
        ...
