"""The streaming photo form: limits enforced while bytes arrive, content sniffed, refusals clean up."""

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.requests import Request

from daikou_kit.errors import InvalidInput, PayloadTooLarge, UnsupportedMedia
from daikou_warehouse.application.ports import StagedPhoto
from daikou_warehouse.entrypoints.uploads import PhotoLimits, read_photo_form

BOUNDARY = "warehouse-boundary"
JPEG = b"\xff\xd8\xff\xe0" + b"j" * 200
LIMITS = PhotoLimits("photos", max_photos=2, max_bytes=1000)


class MemoryWriter:
    """Collects an upload in memory."""

    def __init__(self, store: "MemoryStore") -> None:
        self.store = store
        self.data = bytearray()

    def write(self, chunk: bytes) -> None:
        self.data.extend(chunk)

    def finish(self, content_type: str) -> StagedPhoto:
        token = f"t{len(self.store.staged)}"
        self.store.staged[token] = bytes(self.data)
        return StagedPhoto(token, "0" * 64, len(self.data), content_type)

    def discard(self) -> None:
        self.store.discarded_writers += 1


class MemoryStore:
    """A photo store that keeps staged uploads in a dict."""

    def __init__(self) -> None:
        self.staged: dict[str, bytes] = {}
        self.discarded_writers = 0

    def writer(self) -> MemoryWriter:
        return MemoryWriter(self)

    async def keep(self, staged: StagedPhoto) -> None:
        raise AssertionError("the form reader never keeps")

    async def discard(self, staged: StagedPhoto) -> None:
        del self.staged[staged.token]

    async def read(self, sha256: str) -> bytes:
        raise AssertionError("not read here")


def _body(*parts: tuple[str, str | None, bytes]) -> bytes:
    out = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode()
        out += content + b"\r\n"
    return out + f"--{BOUNDARY}--\r\n".encode()


class Streamed:
    """A request whose body arrives in small chunks, counting how many were read."""

    def __init__(self, body: bytes, chunk: int = 64, content_type: str | None = None) -> None:
        self.chunks = [body[i : i + chunk] for i in range(0, len(body), chunk)]
        self.read = 0
        ctype = content_type or f"multipart/form-data; boundary={BOUNDARY}"
        self.request = Request(
            {"type": "http", "method": "POST", "headers": [(b"content-type", ctype.encode())]},
            self._receive,
        )

    async def _receive(self) -> dict[str, Any]:
        self.read += 1
        if self.read <= len(self.chunks):
            more = self.read < len(self.chunks)
            return {"type": "http.request", "body": self.chunks[self.read - 1], "more_body": more}
        return {"type": "http.request", "body": b"", "more_body": False}


def _pieces(n: int) -> Iterator[bytes]:
    yield from (b"\xff\xd8\xff" + b"x" * 97 for _ in range(n))


async def test_fields_and_photos_are_read_and_photos_staged() -> None:
    store = MemoryStore()
    streamed = Streamed(
        _body(
            ("quantity_received", None, b"2"),
            ("photos", "a.jpg", JPEG),
            ("photos", "b.gif", b"GIF89a" + b"g" * 50),
        )
    )
    form = await read_photo_form(streamed.request, store, LIMITS)
    assert form.fields == {"quantity_received": "2"}
    assert [(p.content_type, p.size_bytes) for p in form.photos] == [
        ("image/jpeg", len(JPEG)),
        ("image/gif", 56),
    ]
    assert store.staged["t0"] == JPEG


async def test_an_oversized_photo_is_refused_before_the_rest_of_the_body_is_read() -> None:
    store = MemoryStore()
    huge = b"\xff\xd8\xff" + b"h" * 50_000
    streamed = Streamed(_body(("photos", "a.jpg", JPEG), ("photos", "big.jpg", huge)))
    with pytest.raises(PayloadTooLarge, match="larger than 1000 bytes"):
        await read_photo_form(streamed.request, store, LIMITS)
    assert streamed.read < len(streamed.chunks) // 2  # stopped early, not after buffering it all
    assert store.staged == {}  # the first, accepted photo was dropped too
    assert store.discarded_writers == 1


async def test_content_not_name_decides_the_type() -> None:
    store = MemoryStore()
    streamed = Streamed(_body(("photos", "photo.jpg", b"%PDF-1.7\n" + b"p" * 40)))
    with pytest.raises(UnsupportedMedia, match="not a jpeg/png/gif/webp image"):
        await read_photo_form(streamed.request, store, LIMITS)
    assert store.staged == {}


async def test_a_tiny_file_is_sniffed_at_its_end() -> None:
    store = MemoryStore()
    streamed = Streamed(_body(("photos", "tiny.gif", b"GIF87a")))
    form = await read_photo_form(streamed.request, store, LIMITS)
    assert form.photos[0].content_type == "image/gif"
    with pytest.raises(UnsupportedMedia):
        await read_photo_form(Streamed(_body(("photos", "empty.jpg", b""))).request, store, LIMITS)


async def test_too_many_photos_files_in_other_fields_and_non_multipart_are_refused() -> None:
    store = MemoryStore()
    three = [("photos", f"{n}.jpg", p) for n, p in enumerate(_pieces(3))]
    with pytest.raises(InvalidInput, match="at most 2 photos"):
        await read_photo_form(Streamed(_body(*three)).request, store, LIMITS)
    with pytest.raises(InvalidInput, match="only in the 'photos' field"):
        await read_photo_form(Streamed(_body(("doc", "a.jpg", JPEG))).request, store, LIMITS)
    with pytest.raises(UnsupportedMedia, match="multipart"):
        await read_photo_form(
            Streamed(b"{}", content_type="application/json").request, store, LIMITS
        )
    assert store.staged == {}


async def test_a_text_field_with_a_nul_character_is_refused_and_its_photos_dropped() -> None:
    store = MemoryStore()
    streamed = Streamed(_body(("photos", "a.jpg", JPEG), ("notes", None, b"chipped\x00rim")))
    with pytest.raises(InvalidInput, match="'notes' contains a NUL") as refused:
        await read_photo_form(streamed.request, store, LIMITS)
    assert refused.value.code == "nul_character"
    assert store.staged == {}
