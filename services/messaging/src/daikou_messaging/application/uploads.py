"""Upload an attachment (type judged by content, size capped while streaming) and serve it back."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from daikou_kit.errors import InvalidInput, NotFound, PayloadTooLarge, UnsupportedMedia
from daikou_messaging.application.ports import BlobStorage, MessagingUnit
from daikou_messaging.domain.media import ACCEPTED, sniff
from daikou_messaging.domain.posting import Author
from daikou_messaging.domain.thread import AttachmentMeta

log = logging.getLogger(__name__)

FILENAME_MAX = 200


class IncomingFile(Protocol):
    """An upload being received: its bytes as a stream; its name is known once it was read."""

    @property
    def filename(self) -> str:
        """The name the client gave (for display only)."""
        ...

    def chunks(self) -> AsyncIterator[bytes]:
        """The file's bytes, read from the request as they come."""
        ...


def too_large(max_bytes: int) -> PayloadTooLarge:
    """The refusal of a file over the limit."""
    return PayloadTooLarge(
        f"an attachment may be at most {max_bytes} bytes", code="attachment_too_large"
    )


async def capped(chunks: AsyncIterator[bytes], max_bytes: int) -> AsyncIterator[bytes]:
    """Pass chunks through, stopping the stream as soon as it exceeds `max_bytes`."""
    seen = 0
    async for chunk in chunks:
        seen += len(chunk)
        if seen > max_bytes:
            raise too_large(max_bytes)
        yield chunk


@dataclass(frozen=True)
class StoredFile:
    """An upload whose bytes are kept in storage, not yet recorded."""

    sha256: str
    size_bytes: int
    content_type: str
    filename: str


async def store_upload(
    storage: BlobStorage, uploader: Author, upload: IncomingFile, max_bytes: int
) -> StoredFile:
    """Keep the upload's bytes if it is an accepted type within the size limit (no transaction yet).

    The upload is recorded (`record_upload`) only once its bytes are stored, so a slow upload
    holds no database connection.
    """
    if uploader.user_id is None:
        raise InvalidInput("uploads need an acting user", code="no_user")
    staged = await storage.stage(capped(upload.chunks(), max_bytes))
    content_type = sniff(staged.head)
    if content_type is None:
        await staged.discard()
        raise UnsupportedMedia(
            "only JPG, PNG, GIF, WEBP images or PDF documents can be attached "
            f"(judged by content; accepted: {', '.join(ACCEPTED)})",
            code="unsupported_attachment_type",
        )
    await staged.keep()
    return StoredFile(staged.sha256, staged.size, content_type, clean_filename(upload.filename))


async def record_upload(uow: MessagingUnit, uploader: Author, stored: StoredFile) -> AttachmentMeta:
    """Record a stored upload as its uploader's, unbound until a message uses it."""
    if uploader.user_id is None:
        raise InvalidInput("uploads need an acting user", code="no_user")
    meta = AttachmentMeta(
        attachment_id=uow.new_id(),
        uploader_id=uploader.user_id,
        uploader_role=uploader.role,
        sha256=stored.sha256,
        content_type=stored.content_type,
        size_bytes=stored.size_bytes,
        filename=stored.filename,
        uploaded_at=uow.clock.now(),
    )
    await uow.attachments.add(meta)
    return meta


def clean_filename(name: str) -> str:
    """A display name without folders or control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(c for c in base if c.isprintable()).strip()
    return printable[:FILENAME_MAX] or "attachment"


async def open_attachment(
    uow: MessagingUnit, storage: BlobStorage, reader: Author, attachment_id: UUID
) -> tuple[AttachmentMeta, AsyncIterator[bytes]]:
    """The attachment's metadata and bytes, for its order's customer, its uploader or staff."""
    meta = await uow.attachments.get(attachment_id)
    if meta is None:
        raise NotFound("no such attachment", code="attachment_not_found")
    if reader.is_customer:
        owner = meta.uploader_id
        if meta.order_id is not None:
            view = await uow.order_views.load(meta.order_id)
            owner = view.customer_id if view else owner
        if owner != reader.user_id:
            raise NotFound("no such attachment", code="attachment_not_found")
    if not await storage.exists(meta.sha256):
        log.error("attachment %s: content %s is missing from storage", attachment_id, meta.sha256)
        raise NotFound("the attachment's content is missing", code="attachment_content_missing")
    return meta, storage.read(meta.sha256)
