"""Uploads read as they stream: a `multipart/form-data` body as its parts' starts, bytes and ends.

The one upload reader of the services (messaging's attachments, the warehouse's photo forms): it
never buffers a body, so each service caps sizes and sniffs types (`daikou_kit.media`) while the
bytes arrive and can stop reading at the first refusal.

    media_type, boundary = form_content_type(request.headers.get("content-type", ""))
    async for event in read_parts(request.stream(), boundary):
        ...  # PartStart(name, filename), PartData(data), PartEnd()
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

if TYPE_CHECKING:  # the library declares its callback types for type checkers only
    from python_multipart.multipart import MultipartCallbacks


@dataclass(frozen=True)
class PartStart:
    """A part's headers were read: its form field name and, for a file, the client's file name."""

    name: str | None
    filename: str | None


@dataclass(frozen=True)
class PartData:
    """The next bytes of the current part."""

    data: bytes


@dataclass(frozen=True)
class PartEnd:
    """The current part is complete."""


PartEvent = PartStart | PartData | PartEnd


class MalformedMultipart(ValueError):
    """The body is not well-formed multipart; the message says why."""


def form_content_type(header: str) -> tuple[str, bytes | None]:
    """A Content-Type header's media type (lower case) and its multipart boundary, if any."""
    media_type, params = parse_options_header(header)
    return media_type.decode("latin-1").lower(), params.get(b"boundary") or None


async def read_parts(stream: AsyncIterable[bytes], boundary: bytes) -> AsyncIterator[PartEvent]:
    """The body's parts as events, in order, yielded as soon as each chunk is parsed.

    Raises `MalformedMultipart` for a body the parser refuses. A body cut short just ends: the
    caller knows whether it saw the `PartEnd` it needed.
    """
    collector = _Collector()
    try:
        parser = MultipartParser(boundary, collector.callbacks())
    except FormParserError as exc:  # a boundary longer than the parser takes
        raise MalformedMultipart(str(exc)) from exc
    async for chunk in stream:
        try:
            parser.write(chunk)
        except FormParserError as exc:
            raise MalformedMultipart(str(exc)) from exc
        for event in collector.take():
            yield event
    parser.finalize()
    for event in collector.take():
        yield event


class _Collector:
    """The parser's callbacks, turned into events between writes."""

    def __init__(self) -> None:
        self._events: list[PartEvent] = []
        self._disposition = b""
        self._field = bytearray()
        self._value = bytearray()

    def take(self) -> list[PartEvent]:
        """The events parsed since the last call."""
        events, self._events = self._events, []
        return events

    def callbacks(self) -> MultipartCallbacks:
        """The callback table python-multipart expects."""
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": lambda data, start, end: self._field.extend(data[start:end]),
            "on_header_value": lambda data, start, end: self._value.extend(data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._data,
            "on_part_end": self._part_end,
        }

    def _part_begin(self) -> None:
        self._disposition = b""

    def _header_end(self) -> None:
        if bytes(self._field).lower() == b"content-disposition":
            self._disposition = bytes(self._value)
        self._field.clear()
        self._value.clear()

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        name = options.get(b"name")
        filename = options.get(b"filename")
        self._events.append(
            PartStart(
                name=None if name is None else name.decode("utf-8", "replace"),
                filename=None if filename is None else filename.decode("utf-8", "replace"),
            )
        )

    def _data(self, data: bytes, start: int, end: int) -> None:
        self._events.append(PartData(bytes(data[start:end])))

    def _part_end(self) -> None:
        self._events.append(PartEnd())
