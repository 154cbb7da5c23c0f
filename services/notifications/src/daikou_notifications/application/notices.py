"""Use cases of the customer's in-app notices and of the ops' notification log."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from daikou_kit.actors import Actor
from daikou_kit.errors import Forbidden, NotFound
from daikou_notifications.application.ports import NotificationsUnit
from daikou_notifications.domain.notice import Status
from daikou_notifications.domain.records import InAppNotice, LogEntry, NoticePage


def _customer(actor: Actor) -> UUID:
    if actor.is_staff:
        raise Forbidden("a customer's own notices", code="customers_only")
    return actor.user_id


def _said_in(uow: NotificationsUnit, notice: InAppNotice, language: str | None) -> InAppNotice:
    """The notice in `language` (None: as it was mailed), rendered again from what it was made
    of; as it was mailed when that was not kept or cannot be rendered any more."""
    if language is None or language == notice.language or notice.content is None:
        return notice
    words = uow.renderer.again(notice.kind, language, notice.content)
    if words is None:
        return notice
    subject, body = words
    return replace(notice, subject=subject, body=body, language=language)


async def page(
    uow: NotificationsUnit, actor: Actor, limit: int, offset: int, language: str | None = None
) -> NoticePage:
    """A page of the caller's notices, newest first, with the totals; in `language` if given."""
    customer_id = _customer(actor)
    total, unread = await uow.notices.counts(customer_id)
    found = await uow.notices.page(customer_id, limit, offset)
    said = [_said_in(uow, notice, language) for notice in found]
    return NoticePage(said, total, unread, limit, offset)


async def unread(uow: NotificationsUnit, actor: Actor) -> int:
    """How many of the caller's notices are unread."""
    return await uow.notices.unread(_customer(actor))


async def mark_read(
    uow: NotificationsUnit, actor: Actor, notice_id: UUID, language: str | None = None
) -> InAppNotice:
    """Mark one of the caller's notices read (again: nothing changes); 404 when not theirs."""
    customer_id = _customer(actor)
    await uow.notices.mark_read(customer_id, notice_id, uow.clock.now())
    found = await uow.notices.one(customer_id, notice_id)
    if found is None:
        raise NotFound("no such notice", code="notice_not_found")
    return _said_in(uow, found, language)


async def mark_all_read(uow: NotificationsUnit, actor: Actor) -> int:
    """Mark every notice of the caller read; how many changed."""
    return await uow.notices.mark_read(_customer(actor), None, uow.clock.now())


async def log(
    uow: NotificationsUnit, actor: Actor, status: Status | None, limit: int
) -> list[LogEntry]:
    """The latest notifications, newest first, for staff; `FAILED` lists the permanent failures."""
    if not actor.is_staff:
        raise Forbidden("staff only", code="staff_only")
    return await uow.notifications.log(status, limit)
