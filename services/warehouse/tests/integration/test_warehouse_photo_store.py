"""The filesystem photo store: content-addressed, one copy per content, staging cleaned up."""

import hashlib
from pathlib import Path

import pytest

from daikou_warehouse.adapters.photo_store import FilePhotoStore

pytestmark = pytest.mark.integration


async def test_the_same_content_is_kept_once_under_its_hash(tmp_path: Path) -> None:
    store = FilePhotoStore(tmp_path)
    content = b"\xff\xd8\xff" + b"photo" * 100
    staged = []
    for _ in range(2):
        writer = store.writer()
        writer.write(content[:10])
        writer.write(content[10:])
        staged.append(writer.finish("image/jpeg"))
    sha = hashlib.sha256(content).hexdigest()
    assert {s.sha256 for s in staged} == {sha}
    assert staged[0].size_bytes == len(content)
    for s in staged:
        await store.keep(s)
    assert store.path_of(sha) == tmp_path / sha[:2] / sha[2:4] / sha
    assert await store.read(sha) == content
    assert list((tmp_path / "staging").iterdir()) == []
    assert _copies(tmp_path, sha) == [sha]


async def test_discarded_uploads_leave_nothing_and_bad_addresses_are_refused(
    tmp_path: Path,
) -> None:
    store = FilePhotoStore(tmp_path)
    open_writer = store.writer()
    open_writer.write(b"partial")
    open_writer.discard()
    finished = store.writer()
    finished.write(b"GIF89a")
    await store.discard(finished.finish("image/gif"))
    assert list((tmp_path / "staging").iterdir()) == []
    with pytest.raises(ValueError, match="not a content address"):
        store.path_of("../../etc/passwd")


def _copies(base: Path, name: str) -> list[str]:
    return [p.name for p in base.rglob(name)]
