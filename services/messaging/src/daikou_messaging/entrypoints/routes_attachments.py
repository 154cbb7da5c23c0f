"""Attachments over HTTP (called by the gateway only): upload one file, download it."""

from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse

from daikou_messaging.application import uploads
from daikou_messaging.entrypoints.deps import AuthorDep, StorageDep, Unit, UnitsDep
from daikou_messaging.entrypoints.schemas import AttachmentOut
from daikou_messaging.entrypoints.uploads import incoming_file

router = APIRouter(tags=["attachments"])


@router.post("/attachments", status_code=201)
async def upload(
    request: Request,
    author: AuthorDep,
    units: UnitsDep,
    storage: StorageDep,
    filename: str = "attachment",
) -> AttachmentOut:
    """Upload one file: the raw body, or the file part of a multipart form.

    Its record is written in a transaction of its own once the bytes are stored.
    """
    max_bytes = units.settings.attachment_max_bytes
    incoming = incoming_file(request, filename, max_bytes)
    stored = await uploads.store_upload(storage, author, incoming, max_bytes)
    async with units.begin() as uow:
        meta = await uploads.record_upload(uow, author, stored)
    return AttachmentOut.of(meta)


@router.get("/attachments/{attachment_id}", response_model=None)
async def download(
    attachment_id: UUID, author: AuthorDep, uow: Unit, storage: StorageDep
) -> Response:
    """The file's bytes with the type detected at upload."""
    meta, chunks = await uploads.open_attachment(uow, storage, author, attachment_id)
    return StreamingResponse(
        chunks,
        media_type=meta.content_type,
        headers={
            "Content-Length": str(meta.size_bytes),
            "Content-Disposition": f"inline; filename*=UTF-8''{quote(meta.filename)}",
            "X-Content-Type-Options": "nosniff",
        },
    )
