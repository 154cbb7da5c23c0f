"""Incoming uploads read straight from the request: a raw body, or the file part of a multipart form."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from python_multipart.multipart import MultipartParser, parse_options_header

from daikou_kit.errors import InvalidInput

if TYPE_CHECKING:  # the library declares its callback types for type checkers only
    from python_multipart.multipart import MultipartCallbacks


class RawFile:
    """The whole request body is the file; its name comes from a header or the query."""

    def __init__(self, stream: AsyncIterator[bytes], filename: str) -> None:
        self._stream = stream
        self._filename = filename

    @property
    def filename(self) -> str:
        """The name the client gave."""
        return self._filename

    def chunks(self) -> AsyncIterator[bytes]:
        """The body as it arrives."""
        return self._stream


class MultipartFile:
    """The first part of a `multipart/form-data` body that carries a filename, streamed."""

    def __init__(self, stream: AsyncIterator[bytes], content_type: str) -> None:
        _, params = parse_options_header(content_type)
        boundary = params.get(b"boundary")
        if not boundary:
            raise InvalidInput("multipart upload without a boundary", code="bad_multipart")
        self._boundary = boundary
        self._stream = stream
        self._filename = ""

    @property
    def filename(self) -> str:
        """The file part's name (known once its headers were read)."""
        return self._filename

    async def chunks(self) -> AsyncIterator[bytes]:
        """The file part's bytes, read chunk by chunk; the rest of the body is not read."""
        state = _PartState()
        parser = MultipartParser(self._boundary, state.callbacks())
        async for chunk in self._stream:
            try:
                parser.write(chunk)
            except Exception as exc:
                raise InvalidInput(
                    f"malformed multipart body: {exc}", code="bad_multipart"
                ) from exc
            if state.filename is not None:
                self._filename = state.filename
            for piece in state.take():
                yield piece
            if state.done:
                return
        if state.filename is None or not state.done:
            raise InvalidInput("the multipart body has no complete file part", code="bad_multipart")


class _PartState:
    """Collects the file part's data between parser writes."""

    def __init__(self) -> None:
        self.filename: str | None = None
        self.done = False
        self._in_file = False
        self._pending: list[bytes] = []
        self._headers: dict[bytes, bytes] = {}
        self._field = bytearray()
        self._value = bytearray()

    def take(self) -> list[bytes]:
        """The file bytes parsed since the last call."""
        pieces, self._pending = self._pending, []
        return pieces

    def callbacks(self) -> MultipartCallbacks:
        """The parser's callbacks."""
        return {
            "on_part_begin": self._headers.clear,
            "on_header_field": lambda data, start, end: self._field.extend(data[start:end]),
            "on_header_value": lambda data, start, end: self._value.extend(data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._data,
            "on_part_end": self._part_end,
        }

    def _header_end(self) -> None:
        self._headers[bytes(self._field).lower()] = bytes(self._value)
        self._field.clear()
        self._value.clear()

    def _headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        if self.filename is None and b"filename" in params:
            self.filename = params[b"filename"].decode("utf-8", "replace")
            self._in_file = True

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._in_file:
            self._pending.append(bytes(data[start:end]))

    def _part_end(self) -> None:
        if self._in_file:
            self._in_file = False
            self.done = True
