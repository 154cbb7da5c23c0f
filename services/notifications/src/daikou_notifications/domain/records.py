"""The records the notifications service keeps: known orders, notifications and their views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from daikou_notifications.domain.content import NoticeContent
from daikou_notifications.domain.notice import Kind, Status


@dataclass(frozen=True)
class KnownOrder:
    """An order this service heard of: whose it is and its number."""

    customer_id: UUID
    order_number: str


@dataclass(frozen=True)
class Notification:
    """A notice rendered for one customer: sent once due, or kept as skipped or without contact."""

    id: UUID
    fact_key: str
    kind: Kind
    customer_id: UUID
    order_id: UUID
    language: str
    recipient: str | None
    subject: str
    body: str
    html: str
    status: Status
    next_attempt_at: datetime | None
    created_at: datetime
    content: NoticeContent | None = None
    """What it was made of, to say it again in another language."""


@dataclass(frozen=True)
class Outgoing:
    """A notification claimed for delivery."""

    id: UUID
    recipient: str
    subject: str
    body: str
    attempts: int
    html: str | None = None


@dataclass(frozen=True)
class LogEntry:
    """A notification as ops see it in the log: where it went and how its delivery went."""

    id: UUID
    kind: str
    customer_id: UUID
    order_id: UUID | None
    language: str
    recipient: str | None
    subject: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True)
class InAppNotice:
    """One of a customer's own notices (the in-app list)."""

    id: UUID
    kind: str
    order_id: UUID | None
    order_number: str | None
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None
    language: str = "ja"
    """The language `subject` and `body` are in."""
    content: NoticeContent | None = None
    """What it was made of (None for a notice made before it was kept)."""


@dataclass(frozen=True)
class NoticePage:
    """A page of a customer's notices with the totals."""

    notices: list[InAppNotice]
    total: int
    unread: int
    limit: int
    offset: int


@dataclass(frozen=True)
class KindPreference:
    """Whether a customer gets a kind by e-mail, and whether it can be switched off."""

    kind: Kind
    email: bool
    mandatory: bool
