"""Repository of attachment metadata (the bytes live in blob storage)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import RowMapping, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from daikou_contracts.catalogue.messaging import AuthorRole
from daikou_messaging.adapters.tables import attachments
from daikou_messaging.domain.thread import AttachmentMeta

HASHES_PER_QUERY = 5_000
"""How many hashes one query asks about (PostgreSQL takes at most 32,767 parameters)."""


class AttachmentRepository:
    """Attachment records: added at upload, bound to a message once, forgotten when unused."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, meta: AttachmentMeta) -> None:
        """Record an uploaded, not yet bound attachment."""
        await self._conn.execute(
            insert(attachments).values(
                attachment_id=meta.attachment_id,
                uploader_id=meta.uploader_id,
                uploader_role=meta.uploader_role.value,
                sha256=meta.sha256,
                content_type=meta.content_type,
                size_bytes=meta.size_bytes,
                filename=meta.filename,
                uploaded_at=meta.uploaded_at,
            )
        )

    async def get(self, attachment_id: UUID) -> AttachmentMeta | None:
        """An attachment by id."""
        stmt = select(attachments).where(attachments.c.attachment_id == attachment_id)
        row = (await self._conn.execute(stmt)).mappings().first()
        return _meta(row) if row else None

    async def lock_many(self, ids: Sequence[UUID]) -> list[AttachmentMeta]:
        """The attachments with these ids (missing ones left out), locked until the end."""
        if not ids:
            return []
        rows = await self._conn.execute(
            select(attachments)
            .where(attachments.c.attachment_id.in_(list(ids)))
            .order_by(attachments.c.attachment_id)
            .with_for_update()
        )
        return [_meta(r) for r in rows.mappings()]

    async def bind(self, ids: Sequence[UUID], message_id: UUID, order_id: UUID) -> None:
        """Attach these files to a message, keeping the given order."""
        for position, attachment_id in enumerate(ids):
            await self._conn.execute(
                update(attachments)
                .where(attachments.c.attachment_id == attachment_id)
                .values(message_id=message_id, order_id=order_id, position=position)
            )

    async def of_messages(self, message_ids: Sequence[UUID]) -> dict[UUID, list[AttachmentMeta]]:
        """The attachments of these messages, grouped by message, in their order."""
        if not message_ids:
            return {}
        rows = await self._conn.execute(
            select(attachments)
            .where(attachments.c.message_id.in_(list(message_ids)))
            .order_by(attachments.c.message_id, attachments.c.position)
        )
        grouped: dict[UUID, list[AttachmentMeta]] = {}
        for row in rows.mappings():
            grouped.setdefault(row["message_id"], []).append(_meta(row))
        return grouped

    async def delete_unattached(self, uploaded_before: datetime) -> list[str]:
        """Forget uploads no message used that are older than the cut-off; returns their hashes."""
        rows = await self._conn.execute(
            delete(attachments)
            .where(attachments.c.message_id.is_(None), attachments.c.uploaded_at < uploaded_before)
            .returning(attachments.c.sha256)
        )
        return [str(sha256) for sha256 in rows.scalars()]

    async def unreferenced(self, hashes: Iterable[str]) -> set[str]:
        """The hashes no attachment refers to any more."""
        wanted = sorted(set(hashes))
        referenced: set[str] = set()
        for start in range(
            0, len(wanted), HASHES_PER_QUERY
        ):  # a statement's parameters are bounded
            some = wanted[start : start + HASHES_PER_QUERY]
            rows = await self._conn.execute(
                select(attachments.c.sha256).where(attachments.c.sha256.in_(some)).distinct()
            )
            referenced.update(rows.scalars())
        return set(wanted) - referenced


def _meta(row: RowMapping) -> AttachmentMeta:
    return AttachmentMeta(
        attachment_id=row["attachment_id"],
        uploader_id=row["uploader_id"],
        uploader_role=AuthorRole(row["uploader_role"]),
        sha256=row["sha256"],
        content_type=row["content_type"],
        size_bytes=row["size_bytes"],
        filename=row["filename"],
        uploaded_at=row["uploaded_at"],
        message_id=row["message_id"],
        order_id=row["order_id"],
    )
