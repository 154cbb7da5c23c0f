"""The notifications service's tables: contacts, orders' customers, notifications."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_notifications.domain.notice import Contact, Kind, Status


async def save_contact(conn: AsyncConnection, contact: Contact, at: datetime) -> None:
    """Record (or replace) a customer's contact."""
    await conn.execute(
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


async def contact(conn: AsyncConnection, customer_id: UUID) -> Contact | None:
    """A customer's contact, if known."""
    row = (
        await conn.execute(
            text(
                "SELECT customer_id, email, display_name, language FROM contacts "
                "WHERE customer_id = :id"
            ),
            {"id": customer_id},
        )
    ).one_or_none()
    return Contact(row.customer_id, row.email, row.display_name, row.language) if row else None


async def save_order(
    conn: AsyncConnection,
    order_id: UUID,
    customer_id: UUID,
    order_number: str,
    item_titles: dict[str, str],
) -> None:
    """Remember an order's customer, number and item titles."""
    await conn.execute(
        text(
            "INSERT INTO orders (order_id, customer_id, order_number, item_titles) "
            "VALUES (:order_id, :customer_id, :order_number, CAST(:titles AS jsonb)) "
            "ON CONFLICT DO NOTHING"
        ),
        {
            "order_id": order_id,
            "customer_id": customer_id,
            "order_number": order_number,
            "titles": json.dumps(item_titles, ensure_ascii=False),
        },
    )


async def item_title(conn: AsyncConnection, order_id: UUID, item_id: UUID) -> str | None:
    """The title of an order's item, if known."""
    found = await conn.execute(
        text("SELECT item_titles ->> :item FROM orders WHERE order_id = :id"),
        {"id": order_id, "item": str(item_id)},
    )
    title = found.scalar_one_or_none()
    return str(title) if title is not None else None


async def order(conn: AsyncConnection, order_id: UUID) -> tuple[UUID, str] | None:
    """An order's customer and number, if known."""
    row = (
        await conn.execute(
            text("SELECT customer_id, order_number FROM orders WHERE order_id = :id"),
            {"id": order_id},
        )
    ).one_or_none()
    return (row.customer_id, row.order_number) if row else None


async def add_notification(conn: AsyncConnection, values: dict[str, Any]) -> bool:
    """Record a notification; False when one for the same fact exists already."""
    result = await conn.execute(
        text(
            "INSERT INTO notifications (id, fact_key, kind, customer_id, order_id, language, "
            "recipient, subject, body, html, status, next_attempt_at, created_at) VALUES (:id, "
            ":fact_key, :kind, :customer_id, :order_id, :language, :recipient, :subject, :body, "
            ":html, :status, :next_attempt_at, :created_at) ON CONFLICT (fact_key) DO NOTHING"
        ),
        values,
    )
    return bool(result.rowcount)


@dataclass(frozen=True)
class Outgoing:
    """A notification claimed for delivery."""

    id: UUID
    recipient: str
    subject: str
    body: str
    attempts: int
    html: str | None = None


async def claim_due(
    conn: AsyncConnection, now: datetime, lease_until: datetime, limit: int
) -> list[Outgoing]:
    """Pending notifications due now, leased until `lease_until` (no other sender takes them)."""
    rows = await conn.execute(
        text(
            "UPDATE notifications SET next_attempt_at = :lease_until WHERE id IN ("
            "SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at <= :now "
            "ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED) "
            "RETURNING id, recipient, subject, body, attempts, html"
        ),
        {"now": now, "lease_until": lease_until, "limit": limit},
    )
    return [Outgoing(r.id, r.recipient, r.subject, r.body, r.attempts, r.html) for r in rows]


async def mark_sent(conn: AsyncConnection, notification_id: UUID, at: datetime) -> None:
    """The server accepted the mail."""
    await conn.execute(
        text(
            "UPDATE notifications SET status = 'sent', sent_at = :at, attempts = attempts + 1, "
            "next_attempt_at = NULL, last_error = NULL WHERE id = :id"
        ),
        {"id": notification_id, "at": at},
    )


async def mark_attempt_failed(
    conn: AsyncConnection, notification_id: UUID, error: str, retry_at: datetime | None
) -> None:
    """A failed attempt: retried at `retry_at`, or failed for good when None."""
    await conn.execute(
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


async def listing(conn: AsyncConnection, status: str | None, limit: int) -> list[dict[str, Any]]:
    """The latest notifications (of one status), newest first, for ops."""
    rows = await conn.execute(
        text(
            "SELECT id, kind, customer_id, order_id, language, recipient, subject, status, "
            "attempts, last_error, created_at, sent_at FROM notifications "
            "WHERE CAST(:status AS text) IS NULL OR status = :status "
            "ORDER BY created_at DESC, id LIMIT :limit"
        ),
        {"status": status, "limit": limit},
    )
    return [dict(r._mapping) for r in rows]


async def switched_off(conn: AsyncConnection, customer_id: UUID) -> frozenset[Kind]:
    """The kinds a customer does not want by e-mail."""
    rows = await conn.execute(
        text("SELECT kind FROM preferences WHERE customer_id = :id AND NOT email"),
        {"id": customer_id},
    )
    return frozenset(Kind(r.kind) for r in rows if r.kind in Kind.__members__.values())


async def set_preference(
    conn: AsyncConnection, customer_id: UUID, kind: Kind, email: bool, at: datetime
) -> None:
    """Record whether a customer wants a kind by e-mail."""
    await conn.execute(
        text(
            "INSERT INTO preferences (customer_id, kind, email, updated_at) "
            "VALUES (:customer_id, :kind, :email, :at) ON CONFLICT (customer_id, kind) "
            "DO UPDATE SET email = EXCLUDED.email, updated_at = EXCLUDED.updated_at"
        ),
        {"customer_id": customer_id, "kind": kind.value, "email": email, "at": at},
    )
