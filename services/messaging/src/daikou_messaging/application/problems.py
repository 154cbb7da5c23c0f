"""Threads opened by orders' facts: the problem thread of a reception report, system reminders."""

from __future__ import annotations

import logging

from daikou_contracts.catalogue.messaging import AuthorRole, MessageKind, ProblemReported
from daikou_contracts.catalogue.orders import (
    CustomerReminderDue,
    ReceptionReported,
    ReceptionResult,
    ReminderKind,
)
from daikou_messaging.application.ports import MessagingUnit
from daikou_messaging.application.posting import record_message
from daikou_messaging.domain.media import MAX_ATTACHMENTS_PER_MESSAGE
from daikou_messaging.domain.thread import AttachmentMeta, Message, ThreadKind

log = logging.getLogger(__name__)

PROBLEM_TITLE = "Problem with the received items"
PROBLEM_DEFAULT_BODY = "The customer reported a problem with the received items."

REMINDERS: dict[ReminderKind, tuple[str, str]] = {
    ReminderKind.PAY_FIRST_BILLING: (
        "Payment reminder",
        "The 1st billing is still unpaid. Unless it is paid by {deadline}, the order is "
        "cancelled automatically.",
    ),
    ReminderKind.REPORT_RECEPTION: (
        "Reception report reminder",
        "Please send a reception report once your items arrived. Without one, the order is "
        "completed automatically on {deadline}.",
    ),
}


async def reception_reported(uow: MessagingUnit, fact: ReceptionReported) -> None:
    """A problem report opens the order's problem thread once, with the customer's photos."""
    if fact.result is not ReceptionResult.PROBLEM:
        return
    now = uow.clock.now()
    view = await uow.order_views.ensure(fact.order_id, fact.customer_id, now)
    thread, created = await uow.threads.open(uow.new_id(), fact.order_id, ThreadKind.PROBLEM, now)
    if not created:
        log.info("order %s already has a problem thread; report ignored", fact.order_id)
        return
    body = fact.comment.strip() or PROBLEM_DEFAULT_BODY
    message = Message(
        message_id=uow.new_id(),
        thread_id=thread.thread_id,
        order_id=fact.order_id,
        author_id=fact.customer_id,
        author_role=AuthorRole.CUSTOMER,
        kind=MessageKind.PROBLEM,
        title=PROBLEM_TITLE,
        body=body,
        posted_at=fact.reported_at,
    )
    files = await _photos(uow, fact)
    await record_message(uow, view, message, files)
    uow.emit(
        ProblemReported(
            order_id=fact.order_id,
            customer_id=fact.customer_id,
            thread_id=thread.thread_id,
            message_id=message.message_id,
            description=body,
        )
    )


async def _photos(uow: MessagingUnit, fact: ReceptionReported) -> list[AttachmentMeta]:
    """The report's attachments the customer uploaded and has not used yet; others are skipped."""
    ids = list(dict.fromkeys(fact.attachment_ids))[:MAX_ATTACHMENTS_PER_MESSAGE]
    found = {a.attachment_id: a for a in await uow.attachments.lock_many(ids)}
    usable = [
        found[i]
        for i in ids
        if i in found and found[i].uploader_id == fact.customer_id and found[i].message_id is None
    ]
    if len(usable) < len(fact.attachment_ids):
        log.warning(
            "order %s: %d of %d reported attachments are unknown, not the customer's or used",
            fact.order_id,
            len(fact.attachment_ids) - len(usable),
            len(fact.attachment_ids),
        )
    return usable


async def reminder_due(uow: MessagingUnit, fact: CustomerReminderDue) -> None:
    """Post a system reminder in the order's thread, unless the order has ended."""
    now = uow.clock.now()
    view = await uow.order_views.ensure(fact.order_id, fact.customer_id, now)
    if view.is_terminal:
        log.info("order %s has ended; reminder %s not posted", fact.order_id, fact.kind)
        return
    thread, _ = await uow.threads.open(uow.new_id(), fact.order_id, ThreadKind.ORDER, now)
    title, template = REMINDERS[fact.kind]
    message = Message(
        message_id=uow.new_id(),
        thread_id=thread.thread_id,
        order_id=fact.order_id,
        author_id=None,
        author_role=AuthorRole.SYSTEM,
        kind=MessageKind.REMINDER,
        title=title,
        body=template.format(deadline=fact.deadline_at.isoformat(timespec="minutes")),
        posted_at=now,
    )
    await record_message(uow, view, message, [])
