"""Use cases of the customer's in-app notices: list, count unread, mark read."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from daikou_kit.actors import Actor
from daikou_kit.errors import Forbidden, NotFound
from daikou_kit.unit_of_work import UnitOfWork
from daikou_notifications.adapters import notices


def _customer(actor: Actor) -> UUID:
    if actor.is_staff:
        raise Forbidden("a customer's own notices", code="customers_only")
    return actor.user_id


async def page(uow: UnitOfWork, actor: Actor, limit: int, offset: int) -> dict[str, Any]:
    """A page of the caller's notices, newest first, with the totals."""
    customer_id = _customer(actor)
    total, unread = await notices.counts(uow.conn, customer_id)
    found = await notices.page(uow.conn, customer_id, limit, offset)
    return {
        "notices": found,
        "total": total,
        "unread": unread,
        "limit": limit,
        "offset": offset,
    }


async def unread(uow: UnitOfWork, actor: Actor) -> dict[str, int]:
    """How many of the caller's notices are unread."""
    return {"unread": await notices.unread(uow.conn, _customer(actor))}


async def mark_read(uow: UnitOfWork, actor: Actor, notice_id: UUID) -> dict[str, Any]:
    """Mark one of the caller's notices read (again: nothing changes); 404 when not theirs."""
    customer_id = _customer(actor)
    await notices.mark_read(uow.conn, customer_id, notice_id, uow.clock.now())
    found = await notices.one(uow.conn, customer_id, notice_id)
    if found is None:
        raise NotFound("no such notice", code="notice_not_found")
    return found


async def mark_all_read(uow: UnitOfWork, actor: Actor) -> dict[str, int]:
    """Mark every notice of the caller read."""
    customer_id = _customer(actor)
    marked = await notices.mark_read(uow.conn, customer_id, None, uow.clock.now())
    return {"marked": marked, "unread": 0}
