"""What the use cases need from the outside world: the unit of work with its repositories, storage.

`adapters.unit_of_work.MessagingUnitOfWork` is the real unit (PostgreSQL, the kit's outbox); the unit
tests' fakes (`tests/unit/messaging_fakes.py`) keep everything in memory.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from daikou_contracts.catalogue.messaging import AuthorRole
from daikou_kit.service_unit import UnitPort
from daikou_messaging.domain.order_view import OrderView
from daikou_messaging.domain.thread import AttachmentMeta, InboxEntry, Message, Thread, ThreadKind
from daikou_messaging.settings import MessagingSettings


class OrderViewStore(Protocol):
    """Messaging's views of orders, loaded and saved whole."""

    async def load(self, order_id: UUID, *, lock: bool = False) -> OrderView | None:
        """The order's view, or None; `lock` holds it until the unit of work ends."""
        ...

    async def ensure(self, order_id: UUID, customer_id: UUID, now: datetime) -> OrderView:
        """The order's view, created empty if no fact about it arrived yet; locked."""
        ...

    async def save(self, view: OrderView, now: datetime) -> None:
        """Write back the view with its items."""
        ...


class ThreadStore(Protocol):
    """Threads and their messages, and the staff inbox."""

    async def open(
        self, thread_id: UUID, order_id: UUID, kind: ThreadKind, now: datetime
    ) -> tuple[Thread, bool]:
        """The order's thread of this kind, created (as `thread_id`) if missing; True if created."""
        ...

    async def get(self, thread_id: UUID) -> Thread | None:
        """A thread by id."""
        ...

    async def of_order(self, order_id: UUID) -> list[Thread]:
        """The order's threads, oldest first."""
        ...

    async def add_message(self, message: Message) -> None:
        """Record a message (its attachments are bound separately)."""
        ...

    async def messages_of(self, order_id: UUID) -> list[Message]:
        """Every message of the order with its attachments, oldest first."""
        ...

    async def mark_read(self, order_id: UUID, authors: Iterable[AuthorRole], now: datetime) -> int:
        """Mark the order's unread messages by these authors read; returns how many."""
        ...

    async def unread_customer_messages(self, limit: int) -> list[InboxEntry]:
        """Unread customer messages across orders, oldest first."""
        ...


class AttachmentStore(Protocol):
    """Attachment records (their bytes are in `BlobStorage`)."""

    async def add(self, meta: AttachmentMeta) -> None:
        """Record an uploaded, not yet bound attachment."""
        ...

    async def get(self, attachment_id: UUID) -> AttachmentMeta | None:
        """An attachment by id."""
        ...

    async def lock_many(self, ids: Sequence[UUID]) -> list[AttachmentMeta]:
        """The attachments with these ids (missing ones left out), locked until the end."""
        ...

    async def bind(self, ids: Sequence[UUID], message_id: UUID, order_id: UUID) -> None:
        """Attach these files to a message, in the given order."""
        ...

    async def delete_unattached(self, uploaded_before: datetime) -> list[str]:
        """Forget uploads no message used that are older than the cut-off; returns their hashes."""
        ...

    async def unreferenced(self, hashes: Iterable[str]) -> set[str]:
        """The hashes no attachment refers to any more."""
        ...


class MessagingUnit(UnitPort, Protocol):
    """One transaction of the messaging service, as the use cases see it."""

    @property
    def order_views(self) -> OrderViewStore:
        """Messaging's views of orders."""
        ...

    @property
    def threads(self) -> ThreadStore:
        """Threads and messages."""
        ...

    @property
    def attachments(self) -> AttachmentStore:
        """Attachment records."""
        ...

    @property
    def settings(self) -> MessagingSettings:
        """The service's settings (the window's period, the attachment and retention limits)."""
        ...


class StagedBlob(Protocol):
    """Bytes written to storage but not yet kept: hashed, counted, their first bytes at hand."""

    sha256: str
    size: int
    head: bytes

    async def keep(self) -> None:
        """Move the bytes to their content address (idempotent for equal content)."""
        ...

    async def discard(self) -> None:
        """Forget the bytes."""
        ...


class BlobStorage(Protocol):
    """Content-addressed file storage."""

    async def stage(self, chunks: AsyncIterator[bytes]) -> StagedBlob:
        """Write a stream of chunks; if the stream raises, nothing is left behind and it re-raises."""
        ...

    async def exists(self, sha256: str) -> bool:
        """Whether content with this hash is stored."""
        ...

    def read(self, sha256: str) -> AsyncIterator[bytes]:
        """The stored bytes, in chunks."""
        ...

    async def remove(self, sha256: str, *, untouched_since: datetime) -> bool:
        """Delete content not written or re-uploaded since the given time; True if deleted."""
        ...

    async def untouched_since(self, cutoff: datetime) -> set[str]:
        """The hashes of the contents neither written nor uploaded again since `cutoff`."""
        ...
