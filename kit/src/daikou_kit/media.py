"""File types judged by their first bytes (magic numbers), never by a name or a declared type."""

from __future__ import annotations

SNIFF_BYTES = 16
"""How many leading bytes `sniff` needs."""

JPEG = "image/jpeg"
PNG = "image/png"
GIF = "image/gif"
WEBP = "image/webp"
PDF = "application/pdf"

IMAGES = (JPEG, PNG, GIF, WEBP)


def sniff(head: bytes, accepted: tuple[str, ...] = (*IMAGES, PDF)) -> str | None:
    """The content type these leading bytes announce, if it is one of `accepted`; else None."""
    kind = _kind(head)
    return kind if kind in accepted else None


def _kind(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if len(head) >= 12 and head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None
