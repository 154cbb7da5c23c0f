"""What the use cases need from a unit of work: the repositories it carries, the renderer, the clock.

`adapters.unit_of_work.NotificationsUnitOfWork` is the real one (PostgreSQL); the unit tests' fakes
(`tests/unit/notifications_fakes.py`) keep everything in memory.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from daikou_kit.service_unit import UnitPort
from daikou_notifications.application.rendering import Renderer
from daikou_notifications.domain.notice import Contact, Kind, Status
from daikou_notifications.domain.records import (
    InAppNotice,
    KnownOrder,
    LogEntry,
    Notification,
    Outgoing,
)


class ContactStore(Protocol):
    """Where and in which language to write to each customer."""

    async def save(self, contact: Contact, at: datetime) -> None:
        """Record (or replace) a contact; a change older than the kept one changes nothing."""
        ...

    async def get(self, customer_id: UUID) -> Contact | None:
        """A customer's contact, if known."""
        ...


class OrderStore(Protocol):
    """Each order's customer, number and item titles."""

    async def save(self, order_id: UUID, known: KnownOrder, item_titles: dict[str, str]) -> None:
        """Remember an order (the first time only)."""
        ...

    async def get(self, order_id: UUID) -> KnownOrder | None:
        """An order's customer and number, if known."""
        ...

    async def item_title(self, order_id: UUID, item_id: UUID) -> str | None:
        """The title of an order's item, if known."""
        ...


class NotificationStore(Protocol):
    """Every notification and its delivery."""

    async def add(self, n: Notification) -> bool:
        """Record a notification; False when one for the same fact exists already."""
        ...

    async def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[Outgoing]:
        """Pending notifications due now, leased until `lease_until`."""
        ...

    async def mark_sent(self, notification_id: UUID, at: datetime) -> None:
        """The server accepted the mail."""
        ...

    async def mark_attempt_failed(
        self, notification_id: UUID, error: str, retry_at: datetime | None
    ) -> None:
        """A failed attempt: retried at `retry_at`, or failed for good when None."""
        ...

    async def log(self, status: Status | None, limit: int) -> list[LogEntry]:
        """The latest notifications (of one status), newest first."""
        ...


class PreferenceStore(Protocol):
    """Which kinds each customer switched off."""

    async def switched_off(self, customer_id: UUID) -> frozenset[Kind]:
        """The kinds a customer does not want by e-mail."""
        ...

    async def set(self, customer_id: UUID, kind: Kind, email: bool, at: datetime) -> None:
        """Record whether a customer wants a kind by e-mail."""
        ...


class NoticeStore(Protocol):
    """A customer's in-app notices."""

    async def page(self, customer_id: UUID, limit: int, offset: int) -> list[InAppNotice]:
        """A page of the customer's notices, newest first."""
        ...

    async def one(self, customer_id: UUID, notice_id: UUID) -> InAppNotice | None:
        """One of the customer's notices (None when it is not theirs)."""
        ...

    async def counts(self, customer_id: UUID) -> tuple[int, int]:
        """How many notices the customer has, and how many are unread."""
        ...

    async def unread(self, customer_id: UUID) -> int:
        """How many of the customer's notices are unread."""
        ...

    async def mark_read(self, customer_id: UUID, notice_id: UUID | None, at: datetime) -> int:
        """Mark one notice (or, with None, every one) read; how many changed."""
        ...


class NotificationsUnit(UnitPort, Protocol):
    """One transaction of the notifications service, as the use cases see it."""

    @property
    def contacts(self) -> ContactStore:
        """Customers' contacts."""
        ...

    @property
    def orders(self) -> OrderStore:
        """Orders' customers, numbers and item titles."""
        ...

    @property
    def notifications(self) -> NotificationStore:
        """Notifications and their delivery."""
        ...

    @property
    def preferences(self) -> PreferenceStore:
        """Customers' e-mail preferences."""
        ...

    @property
    def notices(self) -> NoticeStore:
        """Customers' in-app notices."""
        ...

    @property
    def renderer(self) -> Renderer:
        """The mail templates."""
        ...

    @property
    def web_url(self) -> str:
        """The web client's address (each mail links to the order's page)."""
        ...
