"""Attachments on the real database: type judged by content, size capped while streaming, at most
three per message, served back only to the order's customer and staff."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from messaging_support import EXE, JPEG, PDF, PNG, Messaging

from daikou_messaging.adapters.attachments import AttachmentRepository
from daikou_messaging.adapters.storage import FilesystemStorage
from daikou_messaging.adapters.unit_of_work import MessagingUnits
from daikou_messaging.entrypoints.sweeper import UploadSweeper

pytestmark = pytest.mark.integration


async def test_png_named_pdf_is_accepted_as_png(messaging: Messaging) -> None:
    customer = messaging.customer(uuid.uuid4())

    response = await messaging.upload(customer, PNG, filename="invoice.pdf")

    assert response.status_code == 201, response.text
    assert response.json()["content_type"] == "image/png"
    assert response.json()["size_bytes"] == len(PNG)
    assert response.json()["filename"] == "invoice.pdf"


async def test_executable_named_jpg_is_refused(messaging: Messaging) -> None:
    customer = messaging.customer(uuid.uuid4())

    response = await messaging.client.post(
        "/attachments",
        content=EXE,
        headers={**customer, "X-Filename": "holiday.jpg", "Content-Type": "image/jpeg"},
    )

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_attachment_type"
    stored = [p for p in messaging.storage_dir.rglob("*") if p.is_file()]
    assert all(p.read_bytes() != EXE for p in stored)


async def test_empty_file_is_refused(messaging: Messaging) -> None:
    response = await messaging.upload(messaging.customer(uuid.uuid4()), b"", filename="a.png")

    assert response.status_code == 415


async def test_size_limit_is_exact(messaging: Messaging) -> None:
    customer = messaging.customer(uuid.uuid4())
    limit = messaging.settings.attachment_max_bytes
    assert limit == 10 * 1024 * 1024

    exact = await messaging.upload(customer, PDF + bytes(limit - len(PDF)), filename="big.pdf")
    over = await messaging.upload(customer, PDF + bytes(limit + 1 - len(PDF)), filename="big.pdf")

    assert exact.status_code == 201, exact.text
    assert exact.json()["size_bytes"] == limit
    assert over.status_code == 413
    assert over.json()["code"] == "attachment_too_large"


async def test_oversized_stream_is_cut_off(messaging: Messaging) -> None:
    limit = messaging.settings.attachment_max_bytes
    chunk = 256 * 1024
    sent: list[int] = []

    async def body() -> AsyncIterator[bytes]:
        yield PDF
        for _ in range((limit // chunk) + 8):
            sent.append(chunk)
            yield bytes(chunk)

    response = await messaging.client.post(
        "/attachments",
        content=body(),
        headers={**messaging.customer(uuid.uuid4()), "X-Filename": "stream.pdf"},
    )

    assert response.status_code == 413
    assert sum(sent) <= limit + 2 * chunk  # the rest of the body was never read
    assert len(sent) < (limit // chunk) + 8
    assert not list((messaging.storage_dir / "staging").glob("*.part"))


async def test_multipart_upload_streams_the_file_part(messaging: Messaging) -> None:
    customer = messaging.customer(uuid.uuid4())

    response = await messaging.client.post(
        "/attachments",
        files={"file": ("photo.gif", b"GIF89a" + bytes(40), "application/octet-stream")},
        data={"note": "ignored"},
        headers=customer,
    )
    over = await messaging.client.post(
        "/attachments",
        files={"file": ("big.gif", b"GIF89a" + bytes(messaging.settings.attachment_max_bytes))},
        headers=customer,
    )

    assert response.status_code == 201, response.text
    assert response.json()["content_type"] == "image/gif"
    assert response.json()["filename"] == "photo.gif"
    assert response.json()["size_bytes"] == 46
    assert over.status_code == 413


async def test_a_multipart_boundary_too_long_for_the_parser_is_a_400(messaging: Messaging) -> None:
    customer = messaging.customer(uuid.uuid4())

    response = await messaging.client.post(
        "/attachments",
        content=PNG,
        headers={**customer, "Content-Type": "multipart/form-data; boundary=" + "b" * 5000},
    )

    assert (response.status_code, response.json()["code"]) == (400, "bad_multipart")


async def test_at_most_three_attachments_per_message(messaging: Messaging) -> None:
    order = await messaging.place_order()
    customer = messaging.customer(order.customer_id)
    ids = [(await messaging.upload(customer, PNG)).json()["attachment_id"] for _ in range(4)]

    four = await messaging.post(order, customer, attachment_ids=ids)
    three = await messaging.post(order, customer, attachment_ids=ids[:3])

    assert four.status_code == 400
    assert four.json()["code"] == "too_many_attachments"
    assert three.status_code == 201, three.text
    assert [a["attachment_id"] for a in three.json()["attachments"]] == ids[:3]
    reused = await messaging.post(order, customer, attachment_ids=[ids[0]])
    assert reused.status_code == 409
    assert reused.json()["code"] == "attachment_already_used"


async def test_attachment_served_only_to_order_customer_and_staff(messaging: Messaging) -> None:
    order = await messaging.place_order()
    customer = messaging.customer(order.customer_id)
    stranger = messaging.customer(uuid.uuid4())
    upload = await messaging.upload(customer, JPEG, filename="item.jpg")
    attachment_id = upload.json()["attachment_id"]
    url = f"/attachments/{attachment_id}"

    before = await messaging.client.get(url, headers=stranger)
    posted = await messaging.post(order, customer, attachment_ids=[attachment_id])
    mine = await messaging.client.get(url, headers=customer)
    staff = await messaging.client.get(url, headers=messaging.staff())
    theirs = await messaging.client.get(url, headers=stranger)
    used_by_stranger = await messaging.post(order, stranger, attachment_ids=[attachment_id])

    assert posted.status_code == 201
    assert before.status_code == 404
    assert mine.status_code == 200
    assert mine.content == JPEG
    assert mine.headers["content-type"] == "image/jpeg"
    assert mine.headers["x-content-type-options"] == "nosniff"
    assert staff.status_code == 200
    assert staff.content == JPEG
    assert theirs.status_code == 404
    assert used_by_stranger.status_code == 404


async def test_someone_elses_upload_cannot_be_attached(messaging: Messaging) -> None:
    order = await messaging.place_order()
    other = messaging.customer(uuid.uuid4())
    foreign = (await messaging.upload(other, PNG)).json()["attachment_id"]

    response = await messaging.post(
        order, messaging.customer(order.customer_id), attachment_ids=[foreign]
    )

    assert response.status_code == 404
    assert response.json()["code"] == "attachment_not_found"


async def test_same_content_is_stored_once(messaging: Messaging) -> None:
    customer = messaging.customer(uuid.uuid4())
    content = PNG + uuid.uuid4().bytes

    first = await messaging.upload(customer, content, filename="a.png")
    second = await messaging.upload(customer, content, filename="b.png")

    assert first.json()["attachment_id"] != second.json()["attachment_id"]
    stored = [p for p in messaging.storage_dir.glob("*/*/*") if p.read_bytes() == content]
    assert len(stored) == 1


async def test_lost_content_answers_404_not_a_broken_stream(messaging: Messaging) -> None:
    customer = messaging.customer(uuid.uuid4())
    content = PDF + uuid.uuid4().bytes
    uploaded = (await messaging.upload(customer, content, filename="lost.pdf")).json()
    for path in messaging.storage_dir.glob("*/*/*"):
        if path.read_bytes() == content:
            path.unlink()

    response = await messaging.client.get(
        f"/attachments/{uploaded['attachment_id']}", headers=messaging.staff()
    )

    assert response.status_code == 404
    assert response.json()["code"] == "attachment_content_missing"


async def chunks_of(content: bytes) -> AsyncIterator[bytes]:
    yield content


async def test_unused_uploads_are_forgotten_after_retention(messaging: Messaging) -> None:
    order = await messaging.place_order()
    customer = messaging.customer(order.customer_id)
    messaging.clock.set(datetime.now(UTC))
    unused_content = PNG + uuid.uuid4().bytes
    unused = (await messaging.upload(customer, unused_content)).json()["attachment_id"]
    used = (await messaging.upload(customer, PNG + uuid.uuid4().bytes)).json()["attachment_id"]
    assert (await messaging.post(order, customer, attachment_ids=[used])).status_code == 201
    retention = messaging.settings.unattached_retention
    messaging.clock.set(datetime.now(UTC) + retention + timedelta(minutes=1))

    storage = FilesystemStorage(messaging.storage_dir)
    # bytes kept whose recording transaction failed: no record ever referred to them
    orphan_content = PNG + uuid.uuid4().bytes
    await (await storage.stage(chunks_of(orphan_content))).keep()
    units = MessagingUnits(messaging.service.database, messaging.settings)
    sweeper = UploadSweeper(units, storage, interval_s=3600)

    forgotten = await sweeper.sweep()

    staff = messaging.staff()
    assert forgotten >= 1
    assert (await messaging.client.get(f"/attachments/{unused}", headers=staff)).status_code == 404
    assert (await messaging.client.get(f"/attachments/{used}", headers=staff)).status_code == 200
    stored = [p.read_bytes() for p in messaging.storage_dir.glob("*/*/*")]
    assert unused_content not in stored
    assert orphan_content not in stored


async def test_the_sweep_asks_about_more_contents_than_one_statement_takes(
    messaging: Messaging,
) -> None:
    order = await messaging.place_order()
    customer = messaging.customer(order.customer_id)
    content = PNG + uuid.uuid4().bytes
    assert (await messaging.upload(customer, content)).status_code == 201
    referenced = hashlib.sha256(content).hexdigest()
    strangers = {hashlib.sha256(str(n).encode()).hexdigest() for n in range(40_000)}
    async with messaging.service.database.engine.connect() as conn:
        unused = await AttachmentRepository(conn).unreferenced({referenced, *strangers})
    assert unused == strangers
