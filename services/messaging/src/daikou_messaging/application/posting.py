"""Record a message in a thread, bind its attachments and tell the others it was posted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from uuid import UUID

from daikou_contracts.catalogue.messaging import MessagePosted
from daikou_kit.errors import Conflict, NotFound
from daikou_messaging.application.ports import MessagingUnit
from daikou_messaging.domain.media import check_attachment_ids
from daikou_messaging.domain.order_view import OrderView
from daikou_messaging.domain.thread import AttachmentMeta, Message


async def claim_attachments(
    uow: MessagingUnit, uploader_id: UUID | None, ids: Sequence[UUID]
) -> list[AttachmentMeta]:
    """Lock the uploader's unbound attachments with these ids, refusing others'."""
    wanted = check_attachment_ids(ids)
    found = {a.attachment_id: a for a in await uow.attachments.lock_many(wanted)}
    for attachment_id in wanted:
        meta = found.get(attachment_id)
        if meta is None or meta.uploader_id != uploader_id:
            raise NotFound(f"no such attachment {attachment_id}", code="attachment_not_found")
        if meta.message_id is not None:
            raise Conflict(
                f"attachment {attachment_id} is already attached to a message",
                code="attachment_already_used",
            )
    return [found[i] for i in wanted]


async def record_message(
    uow: MessagingUnit, view: OrderView, message: Message, files: Sequence[AttachmentMeta]
) -> Message:
    """Insert the message, bind its files and emit `MessagePosted`."""
    await uow.threads.add_message(message)
    await uow.attachments.bind([f.attachment_id for f in files], message.message_id, view.order_id)
    uow.emit(
        MessagePosted(
            message_id=message.message_id,
            thread_id=message.thread_id,
            order_id=view.order_id,
            customer_id=view.customer_id,
            author_role=message.author_role,
            kind=message.kind,
            has_attachments=bool(files),
            posted_at=message.posted_at,
        )
    )
    bound = [replace(f, message_id=message.message_id, order_id=view.order_id) for f in files]
    return replace(message, attachments=bound)
