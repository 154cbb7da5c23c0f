"""The messaging service's internal HTTP API (called by the gateway only); routes only translate."""

# No postponed annotations: FastAPI must resolve the router-local `ActorDep` when routes are defined.

from typing import Annotated
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from daikou_contracts.catalogue.messaging import AuthorRole
from daikou_kit.errors import Forbidden
from daikou_kit.http import Actor, Role, actor_dependency
from daikou_kit.unit_of_work import Database
from daikou_messaging.application import conversation, uploads
from daikou_messaging.application.ports import BlobStorage
from daikou_messaging.domain.posting import Author
from daikou_messaging.domain.thread import unread_for
from daikou_messaging.entrypoints.multipart import MultipartFile, RawFile
from daikou_messaging.entrypoints.schemas import (
    AttachmentOut,
    ConversationOut,
    InboxEntryOut,
    InboxOut,
    MessageOut,
    NewMessageIn,
    WindowOut,
    thread_out,
)
from daikou_messaging.settings import MessagingSettings

_ROLES = {Role.CUSTOMER: AuthorRole.CUSTOMER, Role.SYSTEM: AuthorRole.SYSTEM}


def author_of(actor: Actor) -> Author:
    """The acting user as the domain knows them (ops and warehouse are both staff)."""
    return Author(actor.user_id, _ROLES.get(actor.role, AuthorRole.STAFF))


def router(settings: MessagingSettings, db: Database, storage: BlobStorage) -> APIRouter:
    """Routes of the messaging service."""
    api = APIRouter()
    ActorDep = Annotated[  # noqa: N806  (a type alias local to the router)
        Actor, Depends(actor_dependency(settings.internal_token.get_secret_value()))
    ]
    period = settings.window_period

    @api.get("/orders/{order_id}/messages", tags=["messages"])
    async def get_messages(order_id: UUID, actor: ActorDep) -> ConversationOut:
        """The order's threads and messages; what the other side wrote is then marked read."""
        reader = author_of(actor)
        found = await conversation.read_conversation(db, reader, order_id, period)
        others = unread_for(reader.role)
        return ConversationOut(
            order_id=order_id,
            window=WindowOut.of(found.view, found.window),
            unread_count=sum(
                1 for m in found.messages if m.read_at is None and m.author_role in others
            ),
            threads=[thread_out(t, found.messages) for t in found.threads],
        )

    @api.post("/orders/{order_id}/messages", status_code=201, tags=["messages"])
    async def post_message(order_id: UUID, body: NewMessageIn, actor: ActorDep) -> MessageOut:
        """Post to the order's thread (or the given thread of the order)."""
        new = conversation.NewMessage(**body.model_dump())
        posted = await conversation.post_message(db, author_of(actor), order_id, new, period)
        return MessageOut.of(posted)

    @api.get("/orders/{order_id}/window", tags=["messages"])
    async def get_window(order_id: UUID, actor: ActorDep) -> WindowOut:
        """Whether the customer may post to the order now, and until when."""
        view, window = await conversation.window_status(db, author_of(actor), order_id, period)
        return WindowOut.of(view, window)

    @api.get("/inbox", tags=["staff"])
    async def inbox(
        actor: ActorDep, limit: Annotated[int, Query(ge=1, le=settings.inbox_max_limit)] = 100
    ) -> InboxOut:
        """Staff only: unread customer messages across orders, oldest first."""
        if not actor.is_staff:
            raise Forbidden("the inbox is for staff", code="staff_only")
        entries = await conversation.staff_inbox(db, limit)
        return InboxOut(messages=[InboxEntryOut.of(e) for e in entries])

    @api.post("/attachments", status_code=201, tags=["attachments"])
    async def upload(
        request: Request, actor: ActorDep, filename: str = "attachment"
    ) -> AttachmentOut:
        """Upload one file: the raw body, or the file part of a multipart form."""
        content_type = request.headers.get("content-type", "")
        incoming: MultipartFile | RawFile
        if content_type.lower().startswith("multipart/form-data"):
            incoming = MultipartFile(request.stream(), content_type)
        else:
            name = request.headers.get("x-filename", filename)
            incoming = RawFile(request.stream(), name)
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > settings.attachment_max_bytes:
                raise uploads.too_large(settings.attachment_max_bytes)
        meta = await uploads.upload_attachment(
            db, storage, author_of(actor), incoming, settings.attachment_max_bytes
        )
        return AttachmentOut.of(meta)

    @api.get("/attachments/{attachment_id}", tags=["attachments"], response_model=None)
    async def download(attachment_id: UUID, actor: ActorDep) -> Response:
        """The file's bytes with the type detected at upload."""
        meta, chunks = await uploads.open_attachment(db, storage, author_of(actor), attachment_id)
        return StreamingResponse(
            chunks,
            media_type=meta.content_type,
            headers={
                "Content-Length": str(meta.size_bytes),
                "Content-Disposition": f"inline; filename*=UTF-8''{quote(meta.filename)}",
                "X-Content-Type-Options": "nosniff",
            },
        )

    return api
