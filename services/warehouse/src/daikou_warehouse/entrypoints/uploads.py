"""Stream a multipart form with photos: each file is size-capped and sniffed while it arrives."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request

from daikou_contracts.text import UnsafeValueError, check_text
from daikou_kit.digits import digits_value
from daikou_kit.errors import InvalidInput, PayloadTooLarge, UnsupportedMedia
from daikou_kit.media import SNIFF_BYTES
from daikou_kit.uploads import (
    MalformedMultipart,
    PartData,
    PartEnd,
    PartEvent,
    PartStart,
    form_content_type,
    read_parts,
)
from daikou_warehouse.application.ports import PhotoStore, PhotoWriter, StagedPhoto
from daikou_warehouse.domain.photos import ACCEPTED, sniff_image

MAX_FIELD_BYTES = 10_000
MAX_FIELDS = 20
FORM_OVERHEAD_BYTES = 1024 * 1024


@dataclass(frozen=True)
class PhotoLimits:
    """How many photos a form may carry and how large each may be."""

    field_name: str
    max_photos: int
    max_bytes: int


@dataclass
class _Part:
    name: str = ""
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)
    writer: PhotoWriter | None = None
    head: bytes = b""
    size: int = 0
    content_type: str | None = None


@dataclass
class PhotoForm:
    """The text fields and the staged photos of a parsed form."""

    fields: dict[str, str]
    photos: list[StagedPhoto]


class _FormReader:
    """Takes the form's parts as they stream, enforcing the limits as bytes arrive."""

    def __init__(self, store: PhotoStore, limits: PhotoLimits) -> None:
        self.store = store
        self.limits = limits
        self.part = _Part()
        self.fields: dict[str, str] = {}
        self.photos: list[StagedPhoto] = []
        self.open_writers: list[PhotoWriter] = []

    def take(self, event: PartEvent) -> None:
        """One step of the form: a part begins, brings bytes, or ends."""
        if isinstance(event, PartStart):
            self.on_part_start(event)
        elif isinstance(event, PartData):
            self.on_part_data(event.data)
        elif isinstance(event, PartEnd):
            self.on_part_end()

    def on_part_start(self, start: PartStart) -> None:
        self.part = _Part()
        if not start.name:
            raise InvalidInput("every form part needs a name", code="bad_form")
        self.part.name = start.name
        if start.filename is None:
            if len(self.fields) >= MAX_FIELDS:
                raise InvalidInput("too many form fields", code="bad_form")
            return
        if self.part.name != self.limits.field_name:
            raise InvalidInput(
                f"files are accepted only in the {self.limits.field_name!r} field", code="bad_form"
            )
        if len(self.photos) + 1 > self.limits.max_photos:
            raise InvalidInput(
                f"at most {self.limits.max_photos} photos per upload", code="too_many_photos"
            )
        self.part.filename = start.filename
        self.part.writer = self.store.writer()
        self.open_writers.append(self.part.writer)

    def on_part_data(self, chunk: bytes) -> None:
        part = self.part
        if part.writer is None:
            if len(part.data) + len(chunk) > MAX_FIELD_BYTES:
                raise InvalidInput(f"form field {part.name!r} is too long", code="bad_form")
            part.data.extend(chunk)
            return
        part.size += len(chunk)
        if part.size > self.limits.max_bytes:
            raise PayloadTooLarge(
                f"photo {part.filename!r} is larger than {self.limits.max_bytes} bytes",
                code="photo_too_large",
            )
        if part.content_type is None:
            part.head = (part.head + chunk)[:SNIFF_BYTES]
            if len(part.head) >= SNIFF_BYTES:
                part.content_type = self._sniff(part)
        part.writer.write(chunk)

    def on_part_end(self) -> None:
        part = self.part
        if part.writer is None:
            self.fields[part.name] = _text(part.name, part.data.decode("utf-8", "replace"))
            return
        content_type = part.content_type or self._sniff(part)
        self.photos.append(part.writer.finish(content_type))
        self.open_writers.remove(part.writer)

    def _sniff(self, part: _Part) -> str:
        kind = sniff_image(part.head)
        if kind is None:
            raise UnsupportedMedia(
                f"photo {part.filename!r} is not a {'/'.join(t.split('/')[1] for t in ACCEPTED)} image",
                code="not_an_image",
            )
        return kind

    async def abandon(self) -> None:
        """Drop every upload of a refused form."""
        for writer in self.open_writers:
            writer.discard()
        for staged in self.photos:
            await self.store.discard(staged)


def _text(name: str, value: str) -> str:
    """A text field's value, refused like a JSON body's text when it holds a NUL character."""
    try:
        return check_text(value, f"form field {name!r}")
    except UnsafeValueError as exc:
        raise InvalidInput(exc.reason, code=exc.code) from None


async def read_photo_form(request: Request, store: PhotoStore, limits: PhotoLimits) -> PhotoForm:
    """Parse the request body as multipart/form-data, staging photos in the store."""
    content_type, boundary = form_content_type(request.headers.get("content-type", ""))
    if content_type != "multipart/form-data" or not boundary:
        raise UnsupportedMedia("send the form as multipart/form-data", code="not_multipart")
    declared = request.headers.get("content-length")
    ceiling = limits.max_photos * limits.max_bytes + FORM_OVERHEAD_BYTES
    if (digits_value(declared or "") or 0) > ceiling:
        raise PayloadTooLarge(f"the form is larger than {ceiling} bytes", code="form_too_large")
    reader = _FormReader(store, limits)
    try:
        async for event in read_parts(request.stream(), boundary):
            reader.take(event)
    except MalformedMultipart as exc:
        await reader.abandon()
        raise InvalidInput(f"malformed multipart body: {exc}", code="bad_form") from exc
    except BaseException:
        await reader.abandon()
        raise
    if reader.open_writers:
        await reader.abandon()
        raise InvalidInput("the form ended in the middle of a file", code="bad_form")
    return PhotoForm(reader.fields, reader.photos)
