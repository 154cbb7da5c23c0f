"""A multipart body is read as its parts stream: names, file names, bytes and ends, in order."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from daikou_kit.uploads import (
    MalformedMultipart,
    PartData,
    PartEnd,
    PartEvent,
    PartStart,
    form_content_type,
    read_parts,
)

BODY = (
    b"--B\r\n"
    b'Content-Disposition: form-data; name="note"\r\n\r\n'
    b"hello\r\n"
    b"--B\r\n"
    b'Content-Disposition: form-data; name="photo"; filename="a.png"\r\n'
    b"Content-Type: image/png\r\n\r\n" + b"\x89PNG\r\n\x1a\n" + bytes(range(200)) + b"\r\n"
    b"--B--\r\n"
)


async def _stream(body: bytes, size: int) -> AsyncIterator[bytes]:
    for i in range(0, len(body), size):
        yield body[i : i + size]


async def _events(body: bytes, size: int) -> list[PartEvent]:
    return [event async for event in read_parts(_stream(body, size), b"B")]


@pytest.mark.parametrize("size", [1, 7, 64, 10_000])
async def test_parts_arrive_in_order_whatever_the_chunking(size: int) -> None:
    events = await _events(BODY, size)

    starts = [e for e in events if isinstance(e, PartStart)]
    assert starts == [PartStart("note", None), PartStart("photo", "a.png")]
    assert sum(isinstance(e, PartEnd) for e in events) == 2
    second = events.index(starts[1])
    photo = b"".join(e.data for e in events[second:] if isinstance(e, PartData))
    assert photo == b"\x89PNG\r\n\x1a\n" + bytes(range(200))
    note = b"".join(e.data for e in events[:second] if isinstance(e, PartData))
    assert note == b"hello"


async def test_a_part_without_a_disposition_has_no_name() -> None:
    body = b"--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--\r\n"

    events = await _events(body, 100)

    assert events[0] == PartStart(None, None)


async def test_a_malformed_body_is_refused_with_the_reason() -> None:
    with pytest.raises(MalformedMultipart):
        await _events(b"--B\r\nno header separator here\x00\r\n\r\n", 100)


async def test_a_boundary_too_long_for_the_parser_is_malformed_multipart() -> None:
    with pytest.raises(MalformedMultipart, match="Boundary length"):
        await anext(read_parts(_stream(BODY, 100), b"b" * 5000))


async def test_a_body_cut_short_just_ends_without_the_part_end() -> None:
    events = await _events(BODY[:220], 32)

    assert PartStart("photo", "a.png") in events
    assert not isinstance(events[-1], PartEnd)


def test_the_media_type_and_boundary_are_read_from_the_header() -> None:
    assert form_content_type("Multipart/Form-Data; boundary=XyZ") == ("multipart/form-data", b"XyZ")
    assert form_content_type("multipart/form-data") == ("multipart/form-data", None)
    assert form_content_type("") == ("", None)
