"""Request and answer shapes of the message, attachment and staff-inbox routes (messaging's API)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import ConfigDict, Field, StringConstraints

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.messaging import AuthorRole, MessageKind
from daikou_gateway.entrypoints.schemas_common import In, Out
from daikou_gateway.entrypoints.schemas_orders import CUSTOMER_ID, ORDER_ID

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Body = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
THREAD_ID = "a0a0a0a0-1111-4222-8333-444444444444"
MESSAGE_ID = "d0d0d0d0-1111-4222-8333-444444444444"
ATTACHMENT_ID = "f0f0f0f0-1111-4222-8333-444444444444"


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class NewMessageIn(In):
    """A message (up to 3 attachments uploaded first) while the order's window is open."""

    model_config = _examples(
        {"title": "About my order", "body": "Could you check the colour?", "attachment_ids": []}
    )

    title: Title
    body: Body
    attachment_ids: Annotated[list[UUID], Field(max_length=3)] = []
    purchase_condition_item_id: UUID | None = None
    thread_id: UUID | None = None


ATTACHMENT_EXAMPLE: dict[str, Any] = {
    "attachment_id": ATTACHMENT_ID,
    "content_type": "image/jpeg",
    "size_bytes": 245760,
    "filename": "mug.jpg",
    "uploaded_at": "2026-12-03T02:10:00Z",
    "message_id": None,
}


class AttachmentOut(Out):
    """An attachment's metadata; its bytes are at `GET /api/v1/attachments/{attachment_id}`."""

    model_config = _examples(ATTACHMENT_EXAMPLE)

    attachment_id: UUID
    content_type: str
    size_bytes: int
    filename: str
    uploaded_at: datetime
    message_id: UUID | None


MESSAGE_EXAMPLE: dict[str, Any] = {
    "message_id": MESSAGE_ID,
    "thread_id": THREAD_ID,
    "order_id": ORDER_ID,
    "author_role": "customer",
    "author_id": CUSTOMER_ID,
    "kind": "normal",
    "title": "About my order",
    "body": "Could you check the colour?",
    "posted_at": "2026-12-03T02:11:00Z",
    "read": False,
    "read_at": None,
    "purchase_condition_item_id": None,
    "attachments": [{**ATTACHMENT_EXAMPLE, "message_id": MESSAGE_ID}],
}


class MessageOut(Out):
    """One message; `read_at` is when the other side first read it (null: unread)."""

    model_config = _examples(MESSAGE_EXAMPLE)

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


class WindowOut(Out):
    """Whether the customer may post now; `closes_at` is null while the order is ongoing."""

    order_id: UUID
    order_status: OrderStatus | None
    open: bool
    closes_at: datetime | None


class ThreadOut(Out):
    """A thread with its messages, oldest first."""

    thread_id: UUID
    kind: str = Field(description="order, or problem (opened by a reception report)")
    created_at: datetime
    messages: list[MessageOut]


WINDOW_EXAMPLE: dict[str, Any] = {
    "order_id": ORDER_ID,
    "order_status": "purchasing",
    "open": True,
    "closes_at": None,
}
THREAD_EXAMPLE: dict[str, Any] = {
    "thread_id": THREAD_ID,
    "kind": "order",
    "created_at": "2026-12-03T02:11:00Z",
    "messages": [MESSAGE_EXAMPLE],
}


class ConversationOut(Out):
    """Everything said about an order, with its window."""

    model_config = _examples(
        {
            "order_id": ORDER_ID,
            "window": WINDOW_EXAMPLE,
            "unread_count": 0,
            "threads": [THREAD_EXAMPLE],
        }
    )

    order_id: UUID
    window: WindowOut
    unread_count: int
    threads: list[ThreadOut]


class InboxEntryOut(Out):
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


class InboxOut(Out):
    """Unread customer messages across orders, oldest first."""

    model_config = _examples(
        {
            "messages": [
                {
                    "message_id": MESSAGE_ID,
                    "thread_id": THREAD_ID,
                    "order_id": ORDER_ID,
                    "order_number": "DK-20261203-0001",
                    "customer_id": CUSTOMER_ID,
                    "kind": "normal",
                    "title": "About my order",
                    "posted_at": "2026-12-03T02:11:00Z",
                    "attachment_count": 1,
                }
            ]
        }
    )

    messages: list[InboxEntryOut]
