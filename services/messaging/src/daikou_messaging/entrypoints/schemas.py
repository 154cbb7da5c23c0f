"""Request and response shapes of the HTTP API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.messaging import AuthorRole, MessageKind
from daikou_messaging.domain.order_view import OrderView
from daikou_messaging.domain.posting import BODY_MAX, TITLE_MAX
from daikou_messaging.domain.thread import (
    AttachmentMeta,
    InboxEntry,
    Message,
    Thread,
    ThreadKind,
)
from daikou_messaging.domain.window import Window

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX)]
Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=BODY_MAX)]


class NewMessageIn(BaseModel):
    """A message to post; `purchase_condition_item_id` asks staff to confirm before buying it."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    body: Body
    attachment_ids: list[UUID] = Field(default_factory=list)
    purchase_condition_item_id: UUID | None = None
    thread_id: UUID | None = None


class AttachmentOut(BaseModel):
    """An attachment's metadata; its bytes are at `GET /attachments/{attachment_id}`."""

    attachment_id: UUID
    content_type: str
    size_bytes: int
    filename: str
    uploaded_at: datetime
    message_id: UUID | None

    @classmethod
    def of(cls, meta: AttachmentMeta) -> AttachmentOut:
        """From the stored metadata."""
        return cls(
            attachment_id=meta.attachment_id,
            content_type=meta.content_type,
            size_bytes=meta.size_bytes,
            filename=meta.filename,
            uploaded_at=meta.uploaded_at,
            message_id=meta.message_id,
        )


class MessageOut(BaseModel):
    """One message; `read_at` is when the other side first read it (null: unread)."""

    message_id: UUID
    thread_id: UUID
    order_id: UUID
    author_role: AuthorRole
    author_id: UUID | None
    kind: MessageKind
    title: str
    body: str
    posted_at: datetime
    read: bool
    read_at: datetime | None
    purchase_condition_item_id: UUID | None
    attachments: list[AttachmentOut]

    @classmethod
    def of(cls, m: Message) -> MessageOut:
        """From a message."""
        return cls(
            message_id=m.message_id,
            thread_id=m.thread_id,
            order_id=m.order_id,
            author_role=m.author_role,
            author_id=m.author_id,
            kind=m.kind,
            title=m.title,
            body=m.body,
            posted_at=m.posted_at,
            read=m.read_at is not None,
            read_at=m.read_at,
            purchase_condition_item_id=m.purchase_condition_item_id,
            attachments=[AttachmentOut.of(a) for a in m.attachments],
        )


class WindowOut(BaseModel):
    """Whether the customer may post now; `closes_at` is null while the order is ongoing."""

    order_id: UUID
    order_status: OrderStatus | None
    open: bool
    closes_at: datetime | None

    @classmethod
    def of(cls, view: OrderView, window: Window) -> WindowOut:
        """From the order's view and window."""
        return cls(
            order_id=view.order_id,
            order_status=view.status,
            open=window.open,
            closes_at=window.closes_at,
        )


class ThreadOut(BaseModel):
    """A thread with its messages, oldest first."""

    thread_id: UUID
    kind: ThreadKind
    created_at: datetime
    messages: list[MessageOut]


class ConversationOut(BaseModel):
    """Everything said about an order, with its window."""

    order_id: UUID
    window: WindowOut
    unread_count: int
    threads: list[ThreadOut]


def thread_out(thread: Thread, messages: list[Message]) -> ThreadOut:
    """A thread and its own messages."""
    return ThreadOut(
        thread_id=thread.thread_id,
        kind=thread.kind,
        created_at=thread.created_at,
        messages=[MessageOut.of(m) for m in messages if m.thread_id == thread.thread_id],
    )


class InboxEntryOut(BaseModel):
    """An unread customer message."""

    message_id: UUID
    thread_id: UUID
    order_id: UUID
    order_number: str | None
    customer_id: UUID
    kind: MessageKind
    title: str
    posted_at: datetime
    attachment_count: int

    @classmethod
    def of(cls, e: InboxEntry) -> InboxEntryOut:
        """From an inbox entry."""
        return cls(**e.__dict__)


class InboxOut(BaseModel):
    """Unread customer messages across orders, oldest first."""

    messages: list[InboxEntryOut]
