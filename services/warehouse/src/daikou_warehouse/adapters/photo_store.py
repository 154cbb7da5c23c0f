"""Photos on the local filesystem, addressed by the SHA-256 of their content."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

from daikou_warehouse.application.ports import StagedPhoto

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class FilePhotoWriter:
    """Streams one upload into a temporary file beside the store, hashing as it goes."""

    def __init__(self, staging: Path) -> None:
        fd, name = tempfile.mkstemp(dir=staging, prefix="upload-")
        self._path = Path(name)
        self._file: BinaryIO = os.fdopen(fd, "wb")
        self._hash = hashlib.sha256()
        self._size = 0

    def write(self, chunk: bytes) -> None:
        """Append bytes."""
        self._file.write(chunk)
        self._hash.update(chunk)
        self._size += len(chunk)

    def finish(self, content_type: str) -> StagedPhoto:
        """Close the temporary file and describe it."""
        self._file.close()
        return StagedPhoto(str(self._path), self._hash.hexdigest(), self._size, content_type)

    def discard(self) -> None:
        """Drop what was written."""
        self._file.close()
        self._path.unlink(missing_ok=True)


class FilePhotoStore:
    """`<base>/ab/cd/<sha256>`; uploads are staged in `<base>/staging` and renamed into place."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.staging = base / "staging"
        self.staging.mkdir(parents=True, exist_ok=True)

    def path_of(self, sha256: str) -> Path:
        """Where the bytes of a content address live."""
        if not _SHA256.match(sha256):
            raise ValueError(f"not a content address: {sha256!r}")
        return self.base / sha256[:2] / sha256[2:4] / sha256

    def writer(self) -> FilePhotoWriter:
        """Start receiving a new upload."""
        return FilePhotoWriter(self.staging)

    async def keep(self, staged: StagedPhoto) -> None:
        """Move a staged upload to its content address."""
        await asyncio.to_thread(self._keep, staged)

    def _keep(self, staged: StagedPhoto) -> None:
        target = self.path_of(staged.sha256)
        source = Path(staged.token)
        if target.exists():  # same content already kept: keep one copy
            source.unlink(missing_ok=True)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)

    async def discard(self, staged: StagedPhoto) -> None:
        """Drop a staged upload."""
        await asyncio.to_thread(Path(staged.token).unlink, missing_ok=True)

    async def read(self, sha256: str) -> bytes:
        """The bytes kept under a content address."""
        return await asyncio.to_thread(self.path_of(sha256).read_bytes)
