"""Photo rules: accepted image types judged by the content's first bytes."""

from __future__ import annotations

from daikou_kit.media import IMAGES, sniff

ACCEPTED = IMAGES
"""Photos: JPG, PNG, GIF or WEBP, judged by content."""


def sniff_image(head: bytes) -> str | None:
    """The accepted image type these leading bytes announce, or None."""
    return sniff(head, ACCEPTED)
