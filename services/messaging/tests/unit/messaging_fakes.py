"""In-memory fakes of the messaging unit of work, its repositories and blob storage.

`FakeMessagingUnit` is a `MessagingUnit` (see `daikou_messaging.application.ports`): order views
kept as copies (a change counts once saved, as with the database), threads, messages and
attachments in dicts, every emitted message collected in `emitted`. The integration tier proves the
real adapters keep the same promises.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from uuid import UUID

from daikou_contracts.catalogue.messaging import AuthorRole
from daikou_contracts.message import Payload
from daikou_kit.clock import ManualClock
from daikou_kit.fake_unit import FakeUnit
from daikou_messaging.domain.order_view import OrderView
from daikou_messaging.domain.thread import AttachmentMeta, InboxEntry, Message, Thread, ThreadKind
from daikou_messaging.settings import MessagingSettings

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
P = TypeVar("P", bound=Payload)


class FakeOrderViews:
    """Order views in a dict, handed out as copies."""

    def __init__(self) -> None:
        self.rows: dict[UUID, OrderView] = {}

    def put(self, view: OrderView) -> OrderView:
        """Seed a view as if facts had built it earlier (a test's given)."""
        self.rows[view.order_id] = deepcopy(view)
        return view

    async def load(self, order_id: UUID, *, lock: bool = False) -> OrderView | None:
        return deepcopy(self.rows.get(order_id))

    async def ensure(self, order_id: UUID, customer_id: UUID, now: datetime) -> OrderView:
        self.rows.setdefault(order_id, OrderView(order_id=order_id, customer_id=customer_id))
        return deepcopy(self.rows[order_id])

    async def save(self, view: OrderView, now: datetime) -> None:
        self.rows[view.order_id] = deepcopy(view)


class FakeAttachments:
    """Attachment records in a dict; `positions` keeps each bound file's place in its message."""

    def __init__(self) -> None:
        self.rows: dict[UUID, AttachmentMeta] = {}
        self.positions: dict[UUID, int] = {}

    async def add(self, meta: AttachmentMeta) -> None:
        self.rows[meta.attachment_id] = meta

    async def get(self, attachment_id: UUID) -> AttachmentMeta | None:
        return self.rows.get(attachment_id)

    async def lock_many(self, ids: Sequence[UUID]) -> list[AttachmentMeta]:
        return [self.rows[i] for i in sorted(ids) if i in self.rows]

    async def bind(self, ids: Sequence[UUID], message_id: UUID, order_id: UUID) -> None:
        for position, attachment_id in enumerate(ids):
            meta = self.rows[attachment_id]
            self.rows[attachment_id] = replace(meta, message_id=message_id, order_id=order_id)
            self.positions[attachment_id] = position

    def of_message(self, message_id: UUID) -> list[AttachmentMeta]:
        """A message's files in their order."""
        files = [a for a in self.rows.values() if a.message_id == message_id]
        return sorted(files, key=lambda a: self.positions[a.attachment_id])

    async def delete_unattached(self, uploaded_before: datetime) -> list[str]:
        old = [
            a
            for a in self.rows.values()
            if a.message_id is None and a.uploaded_at < uploaded_before
        ]
        for meta in old:
            del self.rows[meta.attachment_id]
        return [a.sha256 for a in old]

    async def unreferenced(self, hashes: Iterable[str]) -> set[str]:
        return set(hashes) - {a.sha256 for a in self.rows.values()}


class FakeThreads:
    """Threads and messages in dicts; the inbox joins the order views as the real query does."""

    def __init__(self, files: FakeAttachments, views: FakeOrderViews) -> None:
        self.rows: dict[UUID, Thread] = {}
        self.messages: dict[UUID, Message] = {}
        self._files = files
        self._views = views

    async def open(
        self, thread_id: UUID, order_id: UUID, kind: ThreadKind, now: datetime
    ) -> tuple[Thread, bool]:
        for thread in self.rows.values():
            if (thread.order_id, thread.kind) == (order_id, kind):
                return thread, False
        self.rows[thread_id] = Thread(thread_id, order_id, kind, now)
        return self.rows[thread_id], True

    async def get(self, thread_id: UUID) -> Thread | None:
        return self.rows.get(thread_id)

    async def of_order(self, order_id: UUID) -> list[Thread]:
        found = [t for t in self.rows.values() if t.order_id == order_id]
        return sorted(found, key=lambda t: t.created_at)

    async def add_message(self, message: Message) -> None:
        self.messages[message.message_id] = replace(message, attachments=[])

    async def messages_of(self, order_id: UUID) -> list[Message]:
        found = [m for m in self.messages.values() if m.order_id == order_id]
        return [
            replace(m, attachments=self._files.of_message(m.message_id))
            for m in sorted(found, key=lambda m: (m.posted_at, m.message_id))
        ]

    async def mark_read(self, order_id: UUID, authors: Iterable[AuthorRole], now: datetime) -> int:
        roles = set(authors)
        unread = [
            m
            for m in self.messages.values()
            if m.order_id == order_id and m.read_at is None and m.author_role in roles
        ]
        for m in unread:
            self.messages[m.message_id] = replace(m, read_at=now)
        return len(unread)

    async def unread_customer_messages(self, limit: int) -> list[InboxEntry]:
        unread = sorted(
            (
                m
                for m in self.messages.values()
                if m.author_role is AuthorRole.CUSTOMER
                and m.read_at is None
                and m.order_id in self._views.rows
            ),
            key=lambda m: (m.posted_at, m.message_id),
        )
        return [self._entry(m) for m in unread[:limit]]

    def _entry(self, m: Message) -> InboxEntry:
        view = self._views.rows[m.order_id]
        return InboxEntry(
            message_id=m.message_id,
            thread_id=m.thread_id,
            order_id=m.order_id,
            order_number=view.order_number,
            customer_id=view.customer_id,
            kind=m.kind,
            title=m.title,
            posted_at=m.posted_at,
            attachment_count=len(self._files.of_message(m.message_id)),
        )


@dataclass
class FakeMessagingUnit(FakeUnit):
    """A `MessagingUnit` in memory; `emitted` collects what the use cases emit, in order."""

    settings: MessagingSettings = field(
        default_factory=lambda: MessagingSettings(window_period=timedelta(days=30))
    )
    clock: ManualClock = field(default_factory=lambda: ManualClock(T0))
    order_views: FakeOrderViews = field(default_factory=FakeOrderViews)
    attachments: FakeAttachments = field(default_factory=FakeAttachments)

    def __post_init__(self) -> None:
        self.threads = FakeThreads(self.attachments, self.order_views)


@dataclass
class FakeStaged:
    """Bytes staged in `FakeStorage`."""

    storage: FakeStorage
    content: bytes
    sha256: str
    size: int
    head: bytes

    async def keep(self) -> None:
        self.storage.blobs[self.sha256] = self.content
        self.storage.kept_at[self.sha256] = self.storage.now

    async def discard(self) -> None:
        self.storage.discarded += 1


@dataclass
class FakeStorage:
    """Blob storage in a dict of contents by hash."""

    blobs: dict[str, bytes] = field(default_factory=dict)
    discarded: int = 0
    now: datetime = T0
    """When the next content kept is written."""
    kept_at: dict[str, datetime] = field(default_factory=dict)

    async def stage(self, chunks: AsyncIterator[bytes]) -> FakeStaged:
        content = b"".join([c async for c in chunks])
        digest = hashlib.sha256(content).hexdigest()
        return FakeStaged(self, content, digest, len(content), content[:64])

    async def exists(self, sha256: str) -> bool:
        return sha256 in self.blobs

    async def read(self, sha256: str) -> AsyncIterator[bytes]:
        yield self.blobs[sha256]

    async def remove(self, sha256: str, *, untouched_since: datetime) -> bool:
        if self.kept_at.get(sha256, T0) >= untouched_since:
            return False
        return self.blobs.pop(sha256, None) is not None

    async def untouched_since(self, cutoff: datetime) -> set[str]:
        return {sha for sha in self.blobs if self.kept_at.get(sha, T0) < cutoff}
