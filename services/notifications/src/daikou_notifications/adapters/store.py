"""The notifications service's tables: contacts, orders' customers, notifications, preferences."""

from __future__ import annotations

import json
from datetime import datetime
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_notifications.domain.notice import Contact, Kind, Status
from daikou_notifications.domain.records import KnownOrder, LogEntry, Notification, Outgoing


class ContactRepository:
    """Where and in which language to write to each customer."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def save(self, contact: Contact, at: datetime) -> None:
        """Record (or replace) a customer's contact; an older change than the kept one is dropped."""
        await self.conn.execute(
            text(
                "INSERT INTO contacts (customer_id, email, display_name, language, updated_at) "
                "VALUES (:customer_id, :email, :display_name, :language, :at) "
                "ON CONFLICT (customer_id) DO UPDATE SET email = EXCLUDED.email, "
                "display_name = EXCLUDED.display_name, language = EXCLUDED.language, "
                "updated_at = EXCLUDED.updated_at WHERE contacts.updated_at <= EXCLUDED.updated_at"
            ),
            {
                "customer_id": contact.customer_id,
                "email": contact.email,
                "display_name": contact.display_name,
                "language": contact.language,
                "at": at,
            },
        )

    async def get(self, customer_id: UUID) -> Contact | None:
        """A customer's contact, if known."""
        row = (
            await self.conn.execute(
                text(
                    "SELECT customer_id, email, display_name, language FROM contacts "
                    "WHERE customer_id = :id"
                ),
                {"id": customer_id},
            )
        ).one_or_none()
        return Contact(row.customer_id, row.email, row.display_name, row.language) if row else None


class OrderRepository:
    """Each order's customer, number and item titles."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def save(self, order_id: UUID, known: KnownOrder, item_titles: dict[str, str]) -> None:
        """Remember an order's customer, number and item titles (the first time only)."""
        await self.conn.execute(
            text(
                "INSERT INTO orders (order_id, customer_id, order_number, item_titles) "
                "VALUES (:order_id, :customer_id, :order_number, CAST(:titles AS jsonb)) "
                "ON CONFLICT DO NOTHING"
            ),
            {
                "order_id": order_id,
                "customer_id": known.customer_id,
                "order_number": known.order_number,
                "titles": json.dumps(item_titles, ensure_ascii=False),
            },
        )

    async def get(self, order_id: UUID) -> KnownOrder | None:
        """An order's customer and number, if known."""
        row = (
            await self.conn.execute(
                text("SELECT customer_id, order_number FROM orders WHERE order_id = :id"),
                {"id": order_id},
            )
        ).one_or_none()
        return KnownOrder(row.customer_id, row.order_number) if row else None

    async def item_title(self, order_id: UUID, item_id: UUID) -> str | None:
        """The title of an order's item, if known."""
        found = await self.conn.execute(
            text("SELECT item_titles ->> :item FROM orders WHERE order_id = :id"),
            {"id": order_id, "item": str(item_id)},
        )
        title = found.scalar_one_or_none()
        return str(title) if title is not None else None


class NotificationRepository:
    """Every notification and its delivery: recorded once per fact, claimed, sent or failed."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add(self, n: Notification) -> bool:
        """Record a notification; False when one for the same fact exists already."""
        result = await self.conn.execute(
            text(
                "INSERT INTO notifications (id, fact_key, kind, customer_id, order_id, language, "
                "recipient, subject, body, html, status, next_attempt_at, created_at) VALUES "
                "(:id, :fact_key, :kind, :customer_id, :order_id, :language, :recipient, "
                ":subject, :body, :html, :status, :next_attempt_at, :created_at) "
                "ON CONFLICT (fact_key) DO NOTHING"
            ),
            {
                "id": n.id,
                "fact_key": n.fact_key,
                "kind": n.kind.value,
                "customer_id": n.customer_id,
                "order_id": n.order_id,
                "language": n.language,
                "recipient": n.recipient,
                "subject": n.subject,
                "body": n.body,
                "html": n.html,
                "status": n.status.value,
                "next_attempt_at": n.next_attempt_at,
                "created_at": n.created_at,
            },
        )
        return bool(result.rowcount)

    async def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[Outgoing]:
        """Pending notifications due now, leased until `lease_until` (no other sender takes them)."""
        rows = await self.conn.execute(
            text(
                "UPDATE notifications SET next_attempt_at = :lease_until WHERE id IN ("
                "SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= :now "
                "ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED) "
                "RETURNING id, recipient, subject, body, attempts, html"
            ),
            {"now": now, "lease_until": lease_until, "limit": limit},
        )
        return [Outgoing(r.id, r.recipient, r.subject, r.body, r.attempts, r.html) for r in rows]

    async def mark_sent(self, notification_id: UUID, at: datetime) -> None:
        """The server accepted the mail."""
        await self.conn.execute(
            text(
                "UPDATE notifications SET status = 'sent', sent_at = :at, "
                "attempts = attempts + 1, next_attempt_at = NULL, last_error = NULL WHERE id = :id"
            ),
            {"id": notification_id, "at": at},
        )

    async def mark_attempt_failed(
        self, notification_id: UUID, error: str, retry_at: datetime | None
    ) -> None:
        """A failed attempt: retried at `retry_at`, or failed for good when None."""
        await self.conn.execute(
            text(
                "UPDATE notifications SET attempts = attempts + 1, last_error = :error, "
                "status = :status, next_attempt_at = :retry_at WHERE id = :id"
            ),
            {
                "id": notification_id,
                "error": error[:2000],
                "status": (Status.PENDING if retry_at else Status.FAILED).value,
                "retry_at": retry_at,
            },
        )

    async def log(self, status: Status | None, limit: int) -> list[LogEntry]:
        """The latest notifications (of one status), newest first, for ops."""
        rows = await self.conn.execute(
            text(
                "SELECT id, kind, customer_id, order_id, language, recipient, subject, status, "
                "attempts, last_error, created_at, sent_at FROM notifications "
                "WHERE CAST(:status AS text) IS NULL OR status = :status "
                "ORDER BY created_at DESC, id LIMIT :limit"
            ),
            {"status": status.value if status else None, "limit": limit},
        )
        return [LogEntry(**r._asdict()) for r in rows]


class PreferenceRepository:
    """Which kinds each customer switched off (a kind with no row is wanted)."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def switched_off(self, customer_id: UUID) -> frozenset[Kind]:
        """The kinds a customer does not want by e-mail."""
        rows = await self.conn.execute(
            text("SELECT kind FROM preferences WHERE customer_id = :id AND NOT email"),
            {"id": customer_id},
        )
        return frozenset(Kind(r.kind) for r in rows if r.kind in Kind.__members__.values())

    async def set(self, customer_id: UUID, kind: Kind, email: bool, at: datetime) -> None:
        """Record whether a customer wants a kind by e-mail."""
        await self.conn.execute(
            text(
                "INSERT INTO preferences (customer_id, kind, email, updated_at) "
                "VALUES (:customer_id, :kind, :email, :at) ON CONFLICT (customer_id, kind) "
                "DO UPDATE SET email = EXCLUDED.email, updated_at = EXCLUDED.updated_at"
            ),
            {"customer_id": customer_id, "kind": kind.value, "email": email, "at": at},
        )
