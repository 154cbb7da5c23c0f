"""Messages of an order, attachments (uploaded before use), and inspection photos."""

from collections.abc import AsyncIterator
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from daikou_gateway.adapters.services import ServiceClient, UpstreamRefused, decode_body
from daikou_gateway.application.order_page import ensure_order_visible
from daikou_gateway.domain.caller import Caller
from daikou_gateway.domain.order_page import photos_by_item
from daikou_gateway.entrypoints.deps import AnyCaller, ServicesDep, SettingsDep, forward
from daikou_gateway.entrypoints.schemas_common import UPLOAD_ERRORS
from daikou_gateway.entrypoints.schemas_messages import (
    AttachmentOut,
    ConversationOut,
    MessageOut,
    NewMessageIn,
)
from daikou_kit.errors import NotFound, PayloadTooLarge

BINARY = {"type": "string", "format": "binary"}
UPLOAD_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": BINARY},
                    "required": ["file"],
                    "examples": [{"file": "(the bytes of mug.jpg)"}],
                }
            },
            "application/octet-stream": {
                "schema": {**BINARY, "examples": ["(the bytes of mug.jpg)"]},
            },
        },
    }
}
FILE_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the file's bytes with the content type detected at upload",
        "content": {
            media: {"schema": BINARY}
            for media in ("image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf")
        },
    }
}


async def capped(request: Request, limit: int) -> AsyncIterator[bytes]:
    """The request body as it streams in, cut off past `limit` bytes."""
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > limit:
            raise PayloadTooLarge(f"upload larger than {limit} bytes", code="upload_too_large")
        yield chunk


def header_filename(request: Request) -> str:
    """The `X-Filename` header as its sender wrote it (UTF-8 when it decodes so), at most 200 chars.

    Passed on as the `filename` query parameter, which carries any text (a header only ASCII).
    """
    given = request.headers.get("x-filename", "").encode("latin-1")
    try:
        return given.decode("utf-8")[:200]
    except UnicodeDecodeError:
        return given.decode("latin-1")[:200]


async def download(client: ServiceClient, path: str, caller: Caller) -> Response:
    """A file from a service, with the content type it detected."""
    response = await client.send("GET", path, caller)
    if response.status_code >= 400:
        raise UpstreamRefused(client.name, response.status_code, decode_body(response))
    media = response.headers.get("content-type", "application/octet-stream")
    name = path.rstrip("/").rsplit("/", 1)[-1]
    disposition = response.headers.get("content-disposition", f'inline; filename="{name}"')
    return Response(
        response.content,
        media_type=media,
        headers={"X-Content-Type-Options": "nosniff", "Content-Disposition": disposition},
    )


# Message, attachment and photo routes (the order's customer and staff).
router = APIRouter(tags=["messages"])


@router.get("/orders/{order_id}/messages", response_model=ConversationOut)
async def thread(services: ServicesDep, caller: AnyCaller, order_id: UUID) -> JSONResponse:
    """The order's message history (marks it read for the reader)."""
    path = f"/orders/{order_id}/messages"
    return await forward(services.messaging, "GET", path, caller, answer=ConversationOut)


@router.post("/orders/{order_id}/messages", status_code=201, response_model=MessageOut)
async def post_message(
    services: ServicesDep, caller: AnyCaller, order_id: UUID, body: NewMessageIn
) -> JSONResponse:
    """Send a message (title, body, up to 3 attachment ids) while the order's window is open."""
    path = f"/orders/{order_id}/messages"
    message = body.model_dump(mode="json", exclude_none=True)
    return await forward(services.messaging, "POST", path, caller, json=message, answer=MessageOut)


@router.post(
    "/attachments",
    status_code=201,
    openapi_extra=UPLOAD_DOC,
    response_model=AttachmentOut,
    responses=UPLOAD_ERRORS,
)
async def upload(
    settings: SettingsDep,
    services: ServicesDep,
    caller: AnyCaller,
    request: Request,
    filename: Annotated[str, Query(min_length=1, max_length=200)] = "attachment",
) -> JSONResponse:
    """Upload one file (JPG, PNG, GIF, WEBP or PDF, at most 10 MB): a multipart `file`, or the raw body."""
    headers = {"content-type": request.headers.get("content-type", "application/octet-stream")}
    return await forward(
        services.messaging,
        "POST",
        "/attachments",
        caller,
        params={"filename": header_filename(request) or filename},
        content=capped(request, settings.upload_max_bytes),
        headers=headers,
        timeout_s=settings.upload_timeout_s,
        answer=AttachmentOut,
    )


@router.get("/attachments/{attachment_id}", response_class=Response, responses=FILE_ANSWER)
async def attachment(services: ServicesDep, caller: AnyCaller, attachment_id: UUID) -> Response:
    """An attachment's bytes (only the order's customer and staff)."""
    return await download(services.messaging, f"/attachments/{attachment_id}", caller)


@router.get("/orders/{order_id}/photos/{photo_id}", response_class=Response, responses=FILE_ANSWER)
async def photo(
    services: ServicesDep, caller: AnyCaller, order_id: UUID, photo_id: UUID
) -> Response:
    """An inspection photo of one of the order's items."""
    await ensure_order_visible(services, caller, order_id)
    view = await services.warehouse.call("GET", f"/orders/{order_id}", caller)
    known = {
        str(p)
        for ids in photos_by_item(view if isinstance(view, dict) else {}).values()
        for p in ids
    }
    if str(photo_id) not in known:
        raise NotFound("no such photo for this order", code="photo_not_found")
    return await download(services.warehouse, f"/photos/{photo_id}", caller)
