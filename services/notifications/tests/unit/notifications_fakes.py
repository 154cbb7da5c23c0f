"""In-memory fakes of the notifications unit of work and its repositories: use cases in microseconds.

`FakeNotificationsUnit` is a `NotificationsUnit` (see `daikou_notifications.application.ports`):
contacts, orders, notifications and preferences in dicts, with the real repositories' promises (one
notification per fact, an older contact change dropped). The integration tier proves the real ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

from daikou_kit.clock import ManualClock
from daikou_kit.fake_unit import FakeUnit
from daikou_notifications.application.rendering import Renderer
from daikou_notifications.domain.notice import Contact, Kind, Status
from daikou_notifications.domain.records import (
    InAppNotice,
    KnownOrder,
    LogEntry,
    Notification,
    Outgoing,
)

T0 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
RENDERER = Renderer()


@dataclass
class FakeContacts:
    """Contacts by customer, each with the time of the change it came from."""

    rows: dict[UUID, tuple[Contact, datetime]] = field(default_factory=dict)

    async def save(self, contact: Contact, at: datetime) -> None:
        kept = self.rows.get(contact.customer_id)
        if kept is None or kept[1] <= at:
            self.rows[contact.customer_id] = (contact, at)

    async def get(self, customer_id: UUID) -> Contact | None:
        kept = self.rows.get(customer_id)
        return kept[0] if kept else None


@dataclass
class FakeOrders:
    """Known orders and their item titles."""

    rows: dict[UUID, tuple[KnownOrder, dict[str, str]]] = field(default_factory=dict)

    async def save(self, order_id: UUID, known: KnownOrder, item_titles: dict[str, str]) -> None:
        self.rows.setdefault(order_id, (known, dict(item_titles)))

    async def get(self, order_id: UUID) -> KnownOrder | None:
        kept = self.rows.get(order_id)
        return kept[0] if kept else None

    async def item_title(self, order_id: UUID, item_id: UUID) -> str | None:
        kept = self.rows.get(order_id)
        return kept[1].get(str(item_id)) if kept else None


@dataclass
class Stored:
    """A notification with its delivery state."""

    notification: Notification
    status: Status
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    sent_at: datetime | None = None
    read_at: datetime | None = None


@dataclass
class FakeNotifications:
    """Notifications by fact key (one per fact), with their delivery."""

    rows: dict[str, Stored] = field(default_factory=dict)

    def by_id(self, notification_id: UUID) -> Stored:
        """The stored notification of this id."""
        return next(s for s in self.rows.values() if s.notification.id == notification_id)

    async def add(self, n: Notification) -> bool:
        if n.fact_key in self.rows:
            return False
        self.rows[n.fact_key] = Stored(n, n.status, next_attempt_at=n.next_attempt_at)
        return True

    async def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[Outgoing]:
        due = [
            s
            for s in self.rows.values()
            if s.status is Status.PENDING and s.next_attempt_at and s.next_attempt_at <= now
        ]
        due.sort(key=lambda s: s.next_attempt_at or now)
        claimed = []
        for s in due[:limit]:
            s.next_attempt_at = lease_until
            n = s.notification
            claimed.append(Outgoing(n.id, n.recipient or "", n.subject, n.body, s.attempts, n.html))
        return claimed

    async def mark_sent(self, notification_id: UUID, at: datetime) -> None:
        s = self.by_id(notification_id)
        s.status, s.sent_at, s.attempts = Status.SENT, at, s.attempts + 1
        s.next_attempt_at = s.last_error = None

    async def mark_attempt_failed(
        self, notification_id: UUID, error: str, retry_at: datetime | None
    ) -> None:
        s = self.by_id(notification_id)
        s.attempts, s.last_error, s.next_attempt_at = s.attempts + 1, error[:2000], retry_at
        s.status = Status.PENDING if retry_at else Status.FAILED

    async def log(self, status: Status | None, limit: int) -> list[LogEntry]:
        found = [s for s in self.rows.values() if status is None or s.status is status]
        found.sort(key=lambda s: s.notification.created_at, reverse=True)
        return [_entry(s) for s in found[:limit]]


def _entry(s: Stored) -> LogEntry:
    n = s.notification
    return LogEntry(
        n.id,
        n.kind.value,
        n.customer_id,
        n.order_id,
        n.language,
        n.recipient,
        n.subject,
        s.status.value,
        s.attempts,
        s.last_error,
        n.created_at,
        s.sent_at,
    )


@dataclass
class FakePreferences:
    """The kinds each customer wants by e-mail or not."""

    rows: dict[tuple[UUID, Kind], bool] = field(default_factory=dict)

    async def switched_off(self, customer_id: UUID) -> frozenset[Kind]:
        return frozenset(k for (c, k), email in self.rows.items() if c == customer_id and not email)

    async def set(self, customer_id: UUID, kind: Kind, email: bool, at: datetime) -> None:
        self.rows[customer_id, kind] = email


@dataclass
class FakeNotices:
    """The customer's in-app notices: a view of the fake notifications."""

    notifications: FakeNotifications
    orders: FakeOrders

    def _mine(self, customer_id: UUID) -> list[Stored]:
        found = [
            s for s in self.notifications.rows.values() if s.notification.customer_id == customer_id
        ]
        return sorted(found, key=lambda s: s.notification.created_at, reverse=True)

    def _view(self, s: Stored) -> InAppNotice:
        n = s.notification
        kept = self.orders.rows.get(n.order_id)
        number = kept[0].order_number if kept else None
        return InAppNotice(
            n.id,
            n.kind.value,
            n.order_id,
            number,
            n.subject,
            n.body,
            n.created_at,
            s.read_at,
            n.language,
            n.content,
        )

    async def page(self, customer_id: UUID, limit: int, offset: int) -> list[InAppNotice]:
        return [self._view(s) for s in self._mine(customer_id)[offset : offset + limit]]

    async def one(self, customer_id: UUID, notice_id: UUID) -> InAppNotice | None:
        found = [s for s in self._mine(customer_id) if s.notification.id == notice_id]
        return self._view(found[0]) if found else None

    async def counts(self, customer_id: UUID) -> tuple[int, int]:
        mine = self._mine(customer_id)
        return len(mine), sum(1 for s in mine if s.read_at is None)

    async def unread(self, customer_id: UUID) -> int:
        return (await self.counts(customer_id))[1]

    async def mark_read(self, customer_id: UUID, notice_id: UUID | None, at: datetime) -> int:
        marked = 0
        for s in self._mine(customer_id):
            if s.read_at is None and notice_id in (None, s.notification.id):
                s.read_at, marked = at, marked + 1
        return marked


@dataclass
class FakeNotificationsUnit(FakeUnit):
    """The notifications unit of work in memory."""

    web_url: str = "http://web.test/"
    clock: ManualClock = field(default_factory=lambda: ManualClock(T0))
    renderer: Renderer = RENDERER
    contacts: FakeContacts = field(default_factory=FakeContacts)
    orders: FakeOrders = field(default_factory=FakeOrders)
    notifications: FakeNotifications = field(default_factory=FakeNotifications)
    preferences: FakePreferences = field(default_factory=FakePreferences)
    notices: FakeNotices = field(init=False)

    def __post_init__(self) -> None:
        self.notices = FakeNotices(self.notifications, self.orders)

    def stored(self, fact_key: str) -> Stored:
        """The notification recorded for a fact."""
        return self.notifications.rows[fact_key]

    def statuses(self) -> dict[str, Status]:
        """Each recorded notification's status, by fact key."""
        return {key: s.status for key, s in self.notifications.rows.items()}
