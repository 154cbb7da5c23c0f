"""Photo rules: accepted image types judged by the content's first bytes."""

from __future__ import annotations

SNIFF_BYTES = 16

JPEG = "image/jpeg"
PNG = "image/png"
GIF = "image/gif"
WEBP = "image/webp"

ACCEPTED = (JPEG, PNG, GIF, WEBP)


def sniff_image(head: bytes) -> str | None:
    """The accepted image type these leading bytes announce, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if len(head) >= 12 and head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    return None
