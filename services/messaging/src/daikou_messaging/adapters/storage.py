"""Content-addressed blob storage on the filesystem: `<base>/<aa>/<bb>/<sha256>`."""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from daikou_kit.media import SNIFF_BYTES

READ_CHUNK = 64 * 1024


@dataclass
class FileStaged:
    """A staged upload in the storage's temporary folder."""

    storage: FilesystemStorage
    temp_path: Path
    sha256: str
    size: int
    head: bytes

    async def keep(self) -> None:
        """Rename into place; equal content already stored makes this a no-op."""
        target = self.storage.path_of(self.sha256)
        await asyncio.to_thread(_move_into_place, self.temp_path, target)

    async def discard(self) -> None:
        """Remove the staged bytes."""
        await asyncio.to_thread(self.temp_path.unlink, missing_ok=True)


def _move_into_place(temp: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        temp.unlink(missing_ok=True)
        os.utime(target)  # freshly uploaded again: the sweeper must not take it now
        return
    os.replace(temp, target)


def _remove_if_untouched(path: Path, since: float) -> bool:
    try:
        if path.stat().st_mtime >= since:
            return False
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def _untouched(base: Path, since: float) -> set[str]:
    """The contents under `<base>/<aa>/<bb>/` whose file was last written before `since`."""
    found: set[str] = set()
    for path in base.glob("??/??/*"):
        try:
            if len(path.name) == 64 and path.stat().st_mtime < since:
                found.add(path.name)
        except FileNotFoundError:  # removed meanwhile
            continue
    return found


class FilesystemStorage:
    """Stores each distinct content once, named by its SHA-256."""

    def __init__(self, base_dir: Path) -> None:
        self.base_dir = base_dir
        self.staging_dir = base_dir / "staging"

    def path_of(self, sha256: str) -> Path:
        """Where content with this hash lives."""
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self.base_dir / sha256[:2] / sha256[2:4] / sha256

    async def stage(self, chunks: AsyncIterator[bytes]) -> FileStaged:
        """Stream chunks to a temporary file while hashing and counting them."""
        await asyncio.to_thread(self.staging_dir.mkdir, parents=True, exist_ok=True)
        temp = self.staging_dir / f"{uuid.uuid4().hex}.part"
        digest, size, head = hashlib.sha256(), 0, b""
        handle: BinaryIO = await asyncio.to_thread(temp.open, "wb")
        try:
            async for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                if len(head) < SNIFF_BYTES:
                    head = (head + chunk)[:SNIFF_BYTES]
                await asyncio.to_thread(handle.write, chunk)
        except BaseException:
            await asyncio.to_thread(handle.close)
            await asyncio.to_thread(temp.unlink, missing_ok=True)
            raise
        await asyncio.to_thread(handle.close)
        return FileStaged(self, temp, digest.hexdigest(), size, head)

    async def exists(self, sha256: str) -> bool:
        """Whether content with this hash is stored."""
        return await asyncio.to_thread(self.path_of(sha256).is_file)

    async def read(self, sha256: str) -> AsyncIterator[bytes]:
        """The stored bytes in chunks of 64 KiB."""
        handle: BinaryIO = await asyncio.to_thread(self.path_of(sha256).open, "rb")
        try:
            while chunk := await asyncio.to_thread(handle.read, READ_CHUNK):
                yield chunk
        finally:
            await asyncio.to_thread(handle.close)

    async def untouched_since(self, cutoff: datetime) -> set[str]:
        """The hashes of the contents neither written nor uploaded again since `cutoff`."""
        return await asyncio.to_thread(_untouched, self.base_dir, cutoff.timestamp())

    async def remove(self, sha256: str, *, untouched_since: datetime) -> bool:
        """Delete the content unless it was written or uploaded again since `untouched_since`."""
        return await asyncio.to_thread(
            _remove_if_untouched, self.path_of(sha256), untouched_since.timestamp()
        )
