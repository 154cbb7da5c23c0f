"""The notifications service's tables: contacts, orders' customers, notifications, preferences."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import literal, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_notifications.adapters.tables import contacts, notifications, orders, preferences
from daikou_notifications.domain.notice import Contact, Kind, Status
from daikou_notifications.domain.records import KnownOrder, LogEntry, Notification, Outgoing

# Written inline, not bound, so the planner can use the partial index `notifications_due`.
_PENDING = literal(Status.PENDING.value, literal_execute=True)


class ContactRepository:
    """Where and in which language to write to each customer."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def save(self, contact: Contact, at: datetime) -> None:
        """Record (or replace) a customer's contact; an older change than the kept one is dropped."""
        stmt = insert(contacts).values(
            customer_id=contact.customer_id,
            email=contact.email,
            display_name=contact.display_name,
            language=contact.language,
            updated_at=at,
        )
        new = stmt.excluded
        await self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=[contacts.c.customer_id],
                set_={
                    "email": new.email,
                    "display_name": new.display_name,
                    "language": new.language,
                    "updated_at": new.updated_at,
                },
                where=contacts.c.updated_at <= new.updated_at,
            )
        )

    async def get(self, customer_id: UUID) -> Contact | None:
        """A customer's contact, if known."""
        c = contacts.c
        row = (
            await self.conn.execute(
                select(c.customer_id, c.email, c.display_name, c.language).where(
                    c.customer_id == customer_id
                )
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
            insert(orders)
            .values(
                order_id=order_id,
                customer_id=known.customer_id,
                order_number=known.order_number,
                item_titles=item_titles,
            )
            .on_conflict_do_nothing()
        )

    async def get(self, order_id: UUID) -> KnownOrder | None:
        """An order's customer and number, if known."""
        o = orders.c
        row = (
            await self.conn.execute(
                select(o.customer_id, o.order_number).where(o.order_id == order_id)
            )
        ).one_or_none()
        return KnownOrder(row.customer_id, row.order_number) if row else None

    async def item_title(self, order_id: UUID, item_id: UUID) -> str | None:
        """The title of an order's item, if known."""
        found = await self.conn.execute(
            select(orders.c.item_titles[str(item_id)].astext).where(orders.c.order_id == order_id)
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
            insert(notifications)
            .values(
                id=n.id,
                fact_key=n.fact_key,
                kind=n.kind.value,
                customer_id=n.customer_id,
                order_id=n.order_id,
                language=n.language,
                recipient=n.recipient,
                subject=n.subject,
                body=n.body,
                html=n.html,
                status=n.status.value,
                next_attempt_at=n.next_attempt_at,
                created_at=n.created_at,
                content=n.content.to_json() if n.content else None,
            )
            .on_conflict_do_nothing(index_elements=[notifications.c.fact_key])
        )
        return bool(result.rowcount)

    async def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[Outgoing]:
        """Pending notifications due now, leased until `lease_until` (no other sender takes them)."""
        n = notifications.c
        due = (
            select(n.id)
            .where(n.status == _PENDING, n.next_attempt_at <= now)
            .order_by(n.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = await self.conn.execute(
            update(notifications)
            .where(n.id.in_(due))
            .values(next_attempt_at=lease_until)
            .returning(n.id, n.recipient, n.subject, n.body, n.attempts, n.html)
        )
        return [Outgoing(r.id, r.recipient, r.subject, r.body, r.attempts, r.html) for r in rows]

    async def mark_sent(self, notification_id: UUID, at: datetime) -> None:
        """The server accepted the mail."""
        n = notifications.c
        await self.conn.execute(
            update(notifications)
            .where(n.id == notification_id)
            .values(
                status=Status.SENT.value,
                sent_at=at,
                attempts=n.attempts + 1,
                next_attempt_at=None,
                last_error=None,
            )
        )

    async def mark_attempt_failed(
        self, notification_id: UUID, error: str, retry_at: datetime | None
    ) -> None:
        """A failed attempt: retried at `retry_at`, or failed for good when None."""
        n = notifications.c
        await self.conn.execute(
            update(notifications)
            .where(n.id == notification_id)
            .values(
                attempts=n.attempts + 1,
                last_error=error[:2000],
                status=(Status.PENDING if retry_at else Status.FAILED).value,
                next_attempt_at=retry_at,
            )
        )

    async def log(self, status: Status | None, limit: int) -> list[LogEntry]:
        """The latest notifications (of one status), newest first, for ops."""
        n = notifications.c
        stmt = select(
            n.id,
            n.kind,
            n.customer_id,
            n.order_id,
            n.language,
            n.recipient,
            n.subject,
            n.status,
            n.attempts,
            n.last_error,
            n.created_at,
            n.sent_at,
        )
        if status is not None:
            stmt = stmt.where(n.status == status.value)
        rows = await self.conn.execute(stmt.order_by(n.created_at.desc(), n.id).limit(limit))
        return [LogEntry(**r._asdict()) for r in rows]


class PreferenceRepository:
    """Which kinds each customer switched off (a kind with no row is wanted)."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def switched_off(self, customer_id: UUID) -> frozenset[Kind]:
        """The kinds a customer does not want by e-mail."""
        p = preferences.c
        kinds = await self.conn.scalars(
            select(p.kind).where(p.customer_id == customer_id, ~p.email)
        )
        return frozenset(Kind(k) for k in kinds if k in Kind.__members__.values())

    async def set(self, customer_id: UUID, kind: Kind, email: bool, at: datetime) -> None:
        """Record whether a customer wants a kind by e-mail."""
        stmt = insert(preferences).values(
            customer_id=customer_id, kind=kind.value, email=email, updated_at=at
        )
        await self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=[preferences.c.customer_id, preferences.c.kind],
                set_={"email": stmt.excluded.email, "updated_at": stmt.excluded.updated_at},
            )
        )
