"""Attachment rules: accepted types judged by the content's first bytes, count and size limits."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from daikou_kit.errors import InvalidInput

MAX_ATTACHMENTS_PER_MESSAGE = 3
SNIFF_BYTES = 16

JPEG = "image/jpeg"
PNG = "image/png"
GIF = "image/gif"
WEBP = "image/webp"
PDF = "application/pdf"

ACCEPTED = (JPEG, PNG, GIF, WEBP, PDF)


def sniff(head: bytes) -> str | None:
    """The accepted content type these leading bytes announce, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if len(head) >= 12 and head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def check_attachment_ids(ids: Sequence[UUID]) -> list[UUID]:
    """At most three distinct attachments per message."""
    if len(set(ids)) != len(ids):
        raise InvalidInput("an attachment is listed twice", code="duplicate_attachment")
    if len(ids) > MAX_ATTACHMENTS_PER_MESSAGE:
        raise InvalidInput(
            f"at most {MAX_ATTACHMENTS_PER_MESSAGE} attachments per message, got {len(ids)}",
            code="too_many_attachments",
        )
    return list(ids)
