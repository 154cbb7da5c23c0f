"""Attachment rules: accepted types judged by the content's first bytes, count and size limits."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from daikou_kit.errors import InvalidInput
from daikou_kit.media import IMAGES, PDF
from daikou_kit.media import sniff as sniff_content

MAX_ATTACHMENTS_PER_MESSAGE = 3
ACCEPTED = (*IMAGES, PDF)
"""Attachments: JPG, PNG, GIF, WEBP images or PDF, judged by content."""


def sniff(head: bytes) -> str | None:
    """The accepted attachment type these leading bytes announce, or None."""
    return sniff_content(head, ACCEPTED)


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
