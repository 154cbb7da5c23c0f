"""Threads, messages and attachment metadata as the service keeps them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from daikou_contracts.catalogue.messaging import AuthorRole, MessageKind


class ThreadKind(StrEnum):
    """The order's conversation, or the one opened by a reception report with a problem."""

    ORDER = "order"
    PROBLEM = "problem"


@dataclass(frozen=True)
class Thread:
    """A conversation about one order."""

    thread_id: UUID
    order_id: UUID
    kind: ThreadKind
    created_at: datetime


@dataclass(frozen=True)
class AttachmentMeta:
    """What is known of an uploaded file (its bytes live in storage under `sha256`)."""

    attachment_id: UUID
    uploader_id: UUID
    uploader_role: AuthorRole
    sha256: str
    content_type: str
    size_bytes: int
    filename: str
    uploaded_at: datetime
    message_id: UUID | None = None
    order_id: UUID | None = None


@dataclass(frozen=True)
class Message:
    """One message in a thread; `read_at` is when the other side first read it."""

    message_id: UUID
    thread_id: UUID
    order_id: UUID
    author_id: UUID | None
    author_role: AuthorRole
    kind: MessageKind
    title: str
    body: str
    posted_at: datetime
    purchase_condition_item_id: UUID | None = None
    read_at: datetime | None = None
    attachments: list[AttachmentMeta] = field(default_factory=list)


@dataclass(frozen=True)
class InboxEntry:
    """An unread customer message, as the staff inbox lists it."""

    message_id: UUID
    thread_id: UUID
    order_id: UUID
    order_number: str | None
    customer_id: UUID
    kind: MessageKind
    title: str
    posted_at: datetime
    attachment_count: int


def unread_for(reader_role: AuthorRole) -> frozenset[AuthorRole]:
    """Whose messages a reader marks read: staff read the customer's, the customer everyone else's."""
    if reader_role is AuthorRole.CUSTOMER:
        return frozenset({AuthorRole.STAFF, AuthorRole.SYSTEM})
    return frozenset({AuthorRole.CUSTOMER})
