"""The order's conversation over HTTP (called by the gateway only): read, post, window, staff inbox."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from fastapi.exceptions import RequestValidationError

from daikou_messaging.application import conversation
from daikou_messaging.entrypoints.deps import AuthorDep, SettingsDep, Unit
from daikou_messaging.entrypoints.schemas import (
    ConversationOut,
    InboxEntryOut,
    InboxOut,
    MessageOut,
    NewMessageIn,
    WindowOut,
    thread_out,
)

router = APIRouter()


@router.get("/orders/{order_id}/messages", tags=["messages"])
async def get_messages(order_id: UUID, author: AuthorDep, uow: Unit) -> ConversationOut:
    """The order's threads and messages; what the other side wrote is then marked read."""
    found = await conversation.read_conversation(uow, author, order_id)
    return ConversationOut(
        order_id=order_id,
        window=WindowOut.of(found.view, found.window),
        unread_count=found.unread_count,
        threads=[thread_out(t, found.messages) for t in found.threads],
    )


@router.post("/orders/{order_id}/messages", status_code=201, tags=["messages"])
async def post_message(
    order_id: UUID, body: NewMessageIn, author: AuthorDep, uow: Unit
) -> MessageOut:
    """Post to the order's thread (or the given thread of the order)."""
    new = conversation.NewMessage(**body.model_dump())
    return MessageOut.of(await conversation.post_message(uow, author, order_id, new))


@router.get("/orders/{order_id}/window", tags=["messages"])
async def get_window(order_id: UUID, author: AuthorDep, uow: Unit) -> WindowOut:
    """Whether the customer may post to the order now, and until when."""
    view, window = await conversation.window_status(uow, author, order_id)
    return WindowOut.of(view, window)


def inbox_limit(settings: SettingsDep, limit: Annotated[int, Query(ge=1)] = 100) -> int:
    """The inbox's `limit`, at most `INBOX_MAX_LIMIT` (422 otherwise, like any bad parameter)."""
    most = settings.inbox_max_limit
    if limit > most:
        raise RequestValidationError(
            [
                {
                    "type": "less_than_equal",
                    "loc": ("query", "limit"),
                    "msg": f"Input should be less than or equal to {most}",
                    "input": limit,
                    "ctx": {"le": most},
                }
            ]
        )
    return limit


@router.get("/inbox", tags=["staff"])
async def inbox(
    author: AuthorDep, uow: Unit, limit: Annotated[int, Depends(inbox_limit)]
) -> InboxOut:
    """Staff only: unread customer messages across orders, oldest first."""
    entries = await conversation.staff_inbox(uow, author, limit)
    return InboxOut(messages=[InboxEntryOut.of(e) for e in entries])
