"""Incoming uploads read straight from the request: a raw body, or the file part of a multipart form."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import Request

from daikou_kit.digits import digits_value
from daikou_kit.errors import InvalidInput
from daikou_kit.uploads import (
    MalformedMultipart,
    PartData,
    PartEnd,
    PartStart,
    form_content_type,
    read_parts,
)
from daikou_messaging.application.uploads import too_large


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
        _, boundary = form_content_type(content_type)
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
        in_file = False
        try:
            async for event in read_parts(self._stream, self._boundary):
                if isinstance(event, PartStart) and event.filename is not None:
                    self._filename, in_file = event.filename, True
                elif isinstance(event, PartData) and in_file:
                    yield event.data
                elif isinstance(event, PartEnd) and in_file:
                    return
        except MalformedMultipart as exc:
            raise InvalidInput(f"malformed multipart body: {exc}", code="bad_multipart") from exc
        raise InvalidInput("the multipart body has no complete file part", code="bad_multipart")


def incoming_file(request: Request, filename: str, max_bytes: int) -> MultipartFile | RawFile:
    """The request's upload: the file part of a multipart form, else the raw body.

    A raw body whose `Content-Length` already says it is over `max_bytes` is refused before reading.
    """
    content_type = request.headers.get("content-type", "")
    if content_type.lower().startswith("multipart/form-data"):
        return MultipartFile(request.stream(), content_type)
    declared = request.headers.get("content-length", "")
    if (digits_value(declared) or 0) > max_bytes:
        raise too_large(max_bytes)
    return RawFile(request.stream(), request.headers.get("x-filename", filename))
