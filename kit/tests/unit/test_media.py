"""File types are judged by their first bytes, and only the ones a caller accepts are named."""

from __future__ import annotations

import pytest

from daikou_kit.media import GIF, IMAGES, JPEG, PDF, PNG, SNIFF_BYTES, WEBP, sniff

SAMPLES = {
    JPEG: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    PNG: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    GIF: b"GIF87a\x01\x00\x01\x00",
    WEBP: b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    PDF: b"%PDF-1.4\n%\xe2\xe3",
}


@pytest.mark.parametrize(("kind", "head"), SAMPLES.items())
def test_each_known_type_is_recognised(kind: str, head: bytes) -> None:
    assert len(head) <= SNIFF_BYTES
    assert sniff(head) == kind


@pytest.mark.parametrize(
    "head",
    [b"", b"<svg xmlns=", b"RIFF\x24\x00\x00\x00WAVEfmt ", b"RIFF\x24", b"MZ\x90\x00", b"%PD"],
)
def test_other_or_truncated_content_is_not_named(head: bytes) -> None:
    assert sniff(head) is None


def test_a_type_outside_the_accepted_ones_is_not_named() -> None:
    assert sniff(SAMPLES[PDF], IMAGES) is None
    assert sniff(SAMPLES[PNG], IMAGES) == PNG
    assert sniff(SAMPLES[JPEG], (PDF,)) is None
