"""Use cases of consumed facts, uploads and the sweep on the in-memory unit of work: the order view,
the window's deadline, the problem thread, reminders, upload limits and forgetting unused uploads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from uuid import uuid4

import pytest
from messaging_fakes import T0, FakeMessagingUnit, FakeStorage

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.messaging import AuthorRole, MessageKind, ProblemReported
from daikou_contracts.catalogue.orders import (
    CustomerReminderDue,
    OrderStatusChanged,
    ReceptionReported,
    ReceptionResult,
    ReminderKind,
)
from daikou_contracts.catalogue.scheduler import DeadlineReached, ScheduleDeadline
from daikou_kit.errors import NotFound, PayloadTooLarge, UnsupportedMedia
from daikou_messaging.application import order_facts, problems, sweeping, uploads
from daikou_messaging.domain.order_view import OrderView
from daikou_messaging.domain.posting import Author
from daikou_messaging.domain.window import window_deadline_id

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(64)
STAFF = Author(uuid4(), AuthorRole.STAFF)


class Upload:
    """An incoming file of the given bytes, in chunks of 16."""

    def __init__(self, content: bytes, filename: str = "a/b/photo.png") -> None:
        self.content = content
        self.filename = filename

    async def chunks(self) -> AsyncIterator[bytes]:
        for start in range(0, len(self.content), 16):
            yield self.content[start : start + 16]


def changed(view: OrderView, status: OrderStatus, at: datetime = T0) -> OrderStatusChanged:
    return OrderStatusChanged(
        order_id=view.order_id,
        customer_id=view.customer_id,
        from_status=None,
        to_status=status,
        reason="test",
        changed_at=at,
    )


def deadline(view: OrderView) -> DeadlineReached:
    return DeadlineReached(
        deadline_id=window_deadline_id(view.order_id),
        requester="messaging",
        kind="window_close",
        due_at=T0,
        fired_at=T0,
        lateness_ms=0,
        payload={"order_id": str(view.order_id)},
    )


async def test_the_first_end_schedules_the_window_close_by_the_settings_period() -> None:
    uow = FakeMessagingUnit()
    uow.settings = uow.settings.model_copy(update={"window_period": timedelta(days=10)})
    view = OrderView(order_id=uuid4(), customer_id=uuid4())

    await order_facts.status_changed(uow, changed(view, OrderStatus.COMPLETED))
    await order_facts.status_changed(uow, changed(view, OrderStatus.SHIPPED))
    await order_facts.status_changed(uow, changed(view, OrderStatus.COMPLETED))

    [scheduled] = uow.of_type(ScheduleDeadline)
    stored = uow.order_views.rows[view.order_id]
    assert (scheduled.deadline_id, scheduled.due_at) == (
        window_deadline_id(view.order_id),
        T0 + timedelta(days=10),
    )
    assert (stored.status, stored.ended_at) == (OrderStatus.COMPLETED, T0)


async def test_the_deadline_closes_the_window_or_asks_again_when_the_period_grew() -> None:
    uow = FakeMessagingUnit()
    view = OrderView(order_id=uuid4(), customer_id=uuid4())
    await order_facts.status_changed(uow, changed(view, OrderStatus.CANCELLED))
    uow.emitted.clear()
    uow.clock.set(T0 + timedelta(days=20))

    await order_facts.deadline_reached(uow, deadline(view))
    [again] = uow.of_type(ScheduleDeadline)
    assert uow.order_views.rows[view.order_id].window_closed_at is None
    uow.clock.set(T0 + timedelta(days=30))
    await order_facts.deadline_reached(uow, deadline(view))

    assert again.due_at == T0 + timedelta(days=30)
    assert uow.order_views.rows[view.order_id].window_closed_at == T0 + timedelta(days=30)


async def test_a_problem_report_opens_one_problem_thread_with_the_customers_unused_photos() -> None:
    uow = FakeMessagingUnit()
    customer_id = uuid4()
    customer = Author(customer_id, AuthorRole.CUSTOMER)
    stored = await uploads.store_upload(FakeStorage(), customer, Upload(PNG), 1000)
    mine = await uploads.record_upload(uow, customer, stored)
    theirs = await uploads.record_upload(uow, STAFF, stored)
    report = ReceptionReported(
        order_id=uuid4(),
        customer_id=customer_id,
        result=ReceptionResult.PROBLEM,
        comment="  The strap is torn. ",
        attachment_ids=[mine.attachment_id, theirs.attachment_id, uuid4()],
        reported_at=T0,
    )

    await problems.reception_reported(uow, report)
    await problems.reception_reported(uow, report)

    [problem] = uow.of_type(ProblemReported)
    [message] = await uow.threads.messages_of(report.order_id)
    assert (problem.description, message.kind) == ("The strap is torn.", MessageKind.PROBLEM)
    assert [a.attachment_id for a in message.attachments] == [mine.attachment_id]


async def test_a_reminder_is_posted_by_the_system_unless_the_order_has_ended() -> None:
    uow = FakeMessagingUnit()
    view = OrderView(order_id=uuid4(), customer_id=uuid4())
    due = CustomerReminderDue(
        order_id=view.order_id,
        customer_id=view.customer_id,
        kind=ReminderKind.PAY_FIRST_BILLING,
        deadline_at=T0 + timedelta(days=3),
    )

    await problems.reminder_due(uow, due)
    await order_facts.status_changed(uow, changed(view, OrderStatus.CANCELLED))
    await problems.reminder_due(uow, due)

    [reminder] = await uow.threads.messages_of(view.order_id)
    assert (reminder.author_role, reminder.kind) == (AuthorRole.SYSTEM, MessageKind.REMINDER)
    assert "2026-03-05T09:00" in reminder.body


async def test_an_upload_is_judged_by_its_content_and_capped_while_it_streams() -> None:
    storage = FakeStorage()
    customer = Author(uuid4(), AuthorRole.CUSTOMER)

    with pytest.raises(UnsupportedMedia):
        await uploads.store_upload(storage, customer, Upload(EXE, "holiday.jpg"), 1000)
    with pytest.raises(PayloadTooLarge):
        await uploads.store_upload(storage, customer, Upload(PNG), len(PNG) - 1)
    stored = await uploads.store_upload(
        storage, customer, Upload(PNG, "x\\y/invoice.pdf"), len(PNG)
    )

    assert (storage.discarded, list(storage.blobs.values())) == (1, [PNG])
    assert (stored.content_type, stored.filename, stored.size_bytes) == (
        "image/png",
        "invoice.pdf",
        len(PNG),
    )


async def test_a_file_is_served_to_its_uploader_and_staff_but_not_to_other_customers() -> None:
    uow, storage = FakeMessagingUnit(), FakeStorage()
    customer = Author(uuid4(), AuthorRole.CUSTOMER)
    stored = await uploads.store_upload(storage, customer, Upload(PNG), 1000)
    meta = await uploads.record_upload(uow, customer, stored)

    mine, _ = await uploads.open_attachment(uow, storage, customer, meta.attachment_id)
    seen, _ = await uploads.open_attachment(uow, storage, STAFF, meta.attachment_id)
    stranger = Author(uuid4(), AuthorRole.CUSTOMER)
    with pytest.raises(NotFound, match="no such attachment"):
        await uploads.open_attachment(uow, storage, stranger, meta.attachment_id)
    storage.blobs.clear()
    with pytest.raises(NotFound, match="content is missing"):
        await uploads.open_attachment(uow, storage, STAFF, meta.attachment_id)
    assert mine == seen == meta


async def test_the_sweep_forgets_old_unused_uploads_and_only_their_unshared_bytes() -> None:
    uow, storage = FakeMessagingUnit(), FakeStorage()
    customer = Author(uuid4(), AuthorRole.CUSTOMER)
    shared = await uploads.store_upload(storage, customer, Upload(PNG), 1000)
    alone = await uploads.store_upload(storage, customer, Upload(PNG + b"x"), 1000)
    old_shared = await uploads.record_upload(uow, customer, shared)
    await uploads.record_upload(uow, customer, alone)
    uow.clock.set(T0 + timedelta(days=1))
    kept = await uploads.record_upload(uow, customer, shared)
    uow.clock.set(T0 + uow.settings.unattached_retention + timedelta(minutes=1))

    swept = await sweeping.forget_unattached(uow, storage)
    removed = await sweeping.remove_unused(storage, swept)

    assert (swept.forgotten, removed, swept.unused) == (2, 1, {alone.sha256})
    assert set(uow.attachments.rows) == {kept.attachment_id}
    assert old_shared.attachment_id not in uow.attachments.rows
    assert list(storage.blobs) == [shared.sha256]


async def test_the_sweep_removes_old_bytes_that_no_upload_was_ever_recorded_for() -> None:
    uow, storage = FakeMessagingUnit(), FakeStorage()
    customer = Author(uuid4(), AuthorRole.CUSTOMER)
    # bytes kept, then the transaction recording them failed: no record refers to them
    lost = await uploads.store_upload(storage, customer, Upload(PNG + b"lost"), 1000)
    later = T0 + uow.settings.unattached_retention
    storage.now = later  # uploaded since: within the retention, kept
    fresh = await uploads.store_upload(storage, customer, Upload(PNG + b"fresh"), 1000)
    uow.clock.set(later + timedelta(minutes=1))

    swept = await sweeping.forget_unattached(uow, storage)
    removed = await sweeping.remove_unused(storage, swept)

    assert (swept.forgotten, removed) == (0, 1)
    assert list(storage.blobs) == [fresh.sha256]
    assert lost.sha256 not in storage.blobs
