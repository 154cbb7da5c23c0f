"""Attachment type sniffing, the count limit, the streaming size cap, the multipart reader and the
filesystem storage (temporary folders only)."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from daikou_kit.errors import InvalidInput, PayloadTooLarge
from daikou_messaging.adapters.storage import FilesystemStorage
from daikou_messaging.application.uploads import capped, clean_filename
from daikou_messaging.domain.media import check_attachment_ids, sniff
from daikou_messaging.entrypoints.uploads import MultipartFile


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"GIF87a\x01\x00", "image/gif"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"%PDF-1.4\n", "application/pdf"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
        (b"MZ\x90\x00\x03", None),
        (b"\x7fELF\x02\x01", None),
        (b"<html><script>", None),
        (b"PK\x03\x04", None),
        (b"", None),
    ],
)
def test_sniff_by_content(head: bytes, expected: str | None) -> None:
    assert sniff(head) == expected


def test_at_most_three_distinct_attachments() -> None:
    ids = [uuid.uuid4() for _ in range(4)]

    assert check_attachment_ids(ids[:3]) == ids[:3]
    with pytest.raises(InvalidInput, match="at most 3"):
        check_attachment_ids(ids)
    with pytest.raises(InvalidInput, match="twice"):
        check_attachment_ids([ids[0], ids[0]])


async def _chunks(*parts: bytes, pulled: list[int] | None = None) -> AsyncIterator[bytes]:
    for part in parts:
        if pulled is not None:
            pulled.append(len(part))
        yield part


async def test_cap_stops_reading_once_over_the_limit() -> None:
    pulled: list[int] = []
    stream = capped(_chunks(b"a" * 6, b"b" * 5, b"c" * 100, pulled=pulled), max_bytes=10)

    received = [await anext(stream)]
    with pytest.raises(PayloadTooLarge):
        await anext(stream)

    assert received == [b"a" * 6]
    assert pulled == [6, 5]


async def test_cap_passes_exactly_the_limit() -> None:
    out = [c async for c in capped(_chunks(b"a" * 6, b"b" * 4), max_bytes=10)]

    assert b"".join(out) == b"a" * 6 + b"b" * 4


def test_clean_filename() -> None:
    assert clean_filename("C:\\Users\\me\\photo.png") == "photo.png"
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("a\x00b\nc.pdf") == "abc.pdf"
    assert clean_filename("   ") == "attachment"


def _multipart(boundary: str, filename: str, content: bytes) -> bytes:
    return (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )


async def test_multipart_reader_yields_only_the_file_part() -> None:
    content = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20
    body = _multipart("XyZ", "shot.png", content)
    pieces = [body[i : i + 37] for i in range(0, len(body), 37)]
    upload = MultipartFile(_chunks(*pieces), "multipart/form-data; boundary=XyZ")

    received = b"".join([c async for c in upload.chunks()])

    assert received == content
    assert upload.filename == "shot.png"


async def test_multipart_without_file_part_is_refused() -> None:
    body = b'--B\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--B--\r\n'
    upload = MultipartFile(_chunks(body), "multipart/form-data; boundary=B")

    with pytest.raises(InvalidInput):
        _ = [c async for c in upload.chunks()]


def test_multipart_without_boundary_is_refused() -> None:
    with pytest.raises(InvalidInput):
        MultipartFile(_chunks(b""), "multipart/form-data")


async def test_storage_is_content_addressed(tmp_path: Path) -> None:
    storage = FilesystemStorage(tmp_path)
    content = b"%PDF-1.7 " + bytes(100_000)

    staged = await storage.stage(_chunks(content[:50_000], content[50_000:]))
    await staged.keep()
    again = await storage.stage(_chunks(content))
    await again.keep()
    read = b"".join([c async for c in storage.read(staged.sha256)])

    assert staged.sha256 == hashlib.sha256(content).hexdigest()
    assert staged.size == len(content)
    assert staged.head == content[:16]
    assert read == content
    assert storage.path_of(staged.sha256).is_file()
    assert list((tmp_path / "staging").iterdir()) == []


async def test_storage_leaves_nothing_when_the_stream_fails(tmp_path: Path) -> None:
    storage = FilesystemStorage(tmp_path)

    with pytest.raises(PayloadTooLarge):
        await storage.stage(capped(_chunks(b"x" * 8, b"y" * 8), max_bytes=10))

    assert list((tmp_path / "staging").iterdir()) == []


def test_storage_refuses_paths_that_are_not_hashes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        FilesystemStorage(tmp_path).path_of("../../etc/passwd")


async def test_storage_removes_only_untouched_content(tmp_path: Path) -> None:
    storage = FilesystemStorage(tmp_path)
    staged = await storage.stage(_chunks(b"GIF89a" + bytes(10)))
    await staged.keep()
    path = storage.path_of(staged.sha256)
    written = datetime.fromtimestamp(path.stat().st_mtime, UTC)

    kept = await storage.remove(staged.sha256, untouched_since=written - timedelta(hours=1))
    removed = await storage.remove(staged.sha256, untouched_since=written + timedelta(hours=1))
    again = await storage.remove(staged.sha256, untouched_since=written + timedelta(hours=1))

    assert kept is False
    assert removed is True
    assert again is False
    assert not path.exists()


async def test_uploading_the_same_content_again_refreshes_it(tmp_path: Path) -> None:
    storage = FilesystemStorage(tmp_path)
    first = await storage.stage(_chunks(b"%PDF-" + bytes(10)))
    await first.keep()
    path = storage.path_of(first.sha256)
    os.utime(path, (0, 0))

    second = await storage.stage(_chunks(b"%PDF-" + bytes(10)))
    await second.keep()

    assert path.stat().st_mtime > 0
    assert not await storage.remove(first.sha256, untouched_since=datetime.fromtimestamp(60, UTC))
