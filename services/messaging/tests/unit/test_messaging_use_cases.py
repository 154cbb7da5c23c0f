"""The conversation's use cases on the in-memory unit of work: the window, who may post and see,
purchase conditions, attachments on a message, read state and the staff inbox."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

import pytest
from messaging_fakes import T0, FakeMessagingUnit

from daikou_contracts.catalogue.common import OrderStatus
from daikou_contracts.catalogue.messaging import (
    AuthorRole,
    MessageKind,
    MessagePosted,
    PurchaseConditionRequested,
)
from daikou_kit.errors import Conflict, Forbidden, InvalidInput, NotFound
from daikou_messaging.application import conversation
from daikou_messaging.application.conversation import NewMessage
from daikou_messaging.domain.order_view import OrderView
from daikou_messaging.domain.posting import Author, ItemNotPrePayment, WindowClosed
from daikou_messaging.domain.thread import AttachmentMeta

STAFF = Author(uuid4(), AuthorRole.STAFF)
SYSTEM = Author(None, AuthorRole.SYSTEM)
HELLO = NewMessage(title="A question", body="Is it available in red?")


def an_order(uow: FakeMessagingUnit, status: OrderStatus = OrderStatus.APPLIED) -> OrderView:
    """An order messaging knows, with two pre-payment items, in `status` since T0."""
    view = OrderView(order_id=uuid4(), customer_id=uuid4(), order_number="D-1001")
    view.pre_payment_items = {uuid4(): True, uuid4(): True}
    view.apply_status(status, T0)
    return uow.order_views.put(view)


def customer_of(view: OrderView) -> Author:
    return Author(view.customer_id, AuthorRole.CUSTOMER)


async def an_upload(uow: FakeMessagingUnit, uploader: Author) -> UUID:
    """An unattached upload of `uploader`."""
    assert uploader.user_id is not None
    meta = AttachmentMeta(
        attachment_id=uuid4(),
        uploader_id=uploader.user_id,
        uploader_role=uploader.role,
        sha256=uuid4().hex * 2,
        content_type="image/png",
        size_bytes=10,
        filename="photo.png",
        uploaded_at=uow.clock.now(),
    )
    await uow.attachments.add(meta)
    return meta.attachment_id


async def test_a_customer_may_post_until_the_period_after_completion_has_passed() -> None:
    uow = FakeMessagingUnit()
    view = an_order(uow, OrderStatus.COMPLETED)
    uow.clock.set(T0 + timedelta(days=29))

    posted = await conversation.post_message(uow, customer_of(view), view.order_id, HELLO)

    uow.clock.set(T0 + timedelta(days=30))
    with pytest.raises(WindowClosed):
        await conversation.post_message(uow, customer_of(view), view.order_id, HELLO)
    late = await conversation.post_message(uow, STAFF, view.order_id, HELLO)
    assert (posted.author_role, late.author_role) == (AuthorRole.CUSTOMER, AuthorRole.STAFF)
    assert [p.message_id for p in uow.of_type(MessagePosted)] == [
        posted.message_id,
        late.message_id,
    ]
    assert uow.correlation_id == str(view.order_id)


async def test_the_window_follows_the_period_the_settings_give() -> None:
    uow = FakeMessagingUnit()
    uow.settings = uow.settings.model_copy(update={"window_period": timedelta(days=3)})
    view = an_order(uow, OrderStatus.CANCELLED)
    uow.clock.set(T0 + timedelta(days=2))

    _, open_window = await conversation.window_status(uow, customer_of(view), view.order_id)
    uow.clock.set(T0 + timedelta(days=3))
    _, closed = await conversation.window_status(uow, customer_of(view), view.order_id)

    assert (open_window.open, open_window.closes_at) == (True, T0 + timedelta(days=3))
    assert closed.open is False


async def test_another_customers_order_and_an_unknown_one_are_not_found() -> None:
    uow = FakeMessagingUnit()
    view = an_order(uow)
    stranger = Author(uuid4(), AuthorRole.CUSTOMER)

    with pytest.raises(NotFound, match="no such order"):
        await conversation.post_message(uow, stranger, view.order_id, HELLO)
    with pytest.raises(NotFound, match="no such order"):
        await conversation.post_message(uow, STAFF, uuid4(), HELLO, wait_s=0)
    with pytest.raises(NotFound, match="no such order"):
        await conversation.read_conversation(uow, stranger, view.order_id)
    assert uow.emitted == []


async def test_a_thread_of_another_order_is_not_found() -> None:
    uow = FakeMessagingUnit()
    first, second = an_order(uow), an_order(uow)
    posted = await conversation.post_message(uow, STAFF, first.order_id, HELLO)

    elsewhere = NewMessage(title="Hi", body="there", thread_id=posted.thread_id)
    with pytest.raises(NotFound, match="thread"):
        await conversation.post_message(uow, STAFF, second.order_id, elsewhere)


async def test_a_purchase_condition_is_the_customers_on_a_pre_payment_item_only() -> None:
    uow = FakeMessagingUnit()
    view = an_order(uow)
    item_id = next(iter(view.pre_payment_items))
    ask = NewMessage(title="Before buying", body="Is it new?", purchase_condition_item_id=item_id)

    with pytest.raises(Forbidden):
        await conversation.post_message(uow, STAFF, view.order_id, ask)
    unknown = NewMessage(title="t", body="b", purchase_condition_item_id=uuid4())
    with pytest.raises(NotFound, match="item"):
        await conversation.post_message(uow, customer_of(view), view.order_id, unknown)
    posted = await conversation.post_message(uow, customer_of(view), view.order_id, ask)

    [requested] = uow.of_type(PurchaseConditionRequested)
    assert posted.kind is MessageKind.PURCHASE_CONDITION
    assert (requested.item_id, requested.question, requested.message_id) == (
        item_id,
        "Is it new?",
        posted.message_id,
    )
    paid = an_order(uow, OrderStatus.PURCHASING)
    late = NewMessage(
        title="t", body="b", purchase_condition_item_id=next(iter(paid.pre_payment_items))
    )
    with pytest.raises(ItemNotPrePayment):
        await conversation.post_message(uow, customer_of(paid), paid.order_id, late)


async def test_attachments_are_the_authors_own_unused_files_at_most_three() -> None:
    uow = FakeMessagingUnit()
    view = an_order(uow)
    customer = customer_of(view)
    files = [await an_upload(uow, customer) for _ in range(4)]
    someone_elses = await an_upload(uow, STAFF)

    with pytest.raises(InvalidInput, match="at most 3"):
        await conversation.post_message(
            uow, customer, view.order_id, NewMessage("t", "b", attachment_ids=files)
        )
    with pytest.raises(NotFound, match="attachment"):
        await conversation.post_message(
            uow, customer, view.order_id, NewMessage("t", "b", attachment_ids=[someone_elses])
        )
    posted = await conversation.post_message(
        uow, customer, view.order_id, NewMessage("t", "b", attachment_ids=files[2::-1])
    )
    with pytest.raises(Conflict, match="already attached"):
        await conversation.post_message(
            uow, customer, view.order_id, NewMessage("t", "b", attachment_ids=[files[0]])
        )

    assert [a.attachment_id for a in posted.attachments] == files[2::-1]
    assert {a.message_id for a in posted.attachments} == {posted.message_id}
    assert uow.of_type(MessagePosted)[0].has_attachments is True


async def test_reading_marks_the_other_sides_messages_read_and_counts_them_first() -> None:
    uow = FakeMessagingUnit()
    view = an_order(uow)
    await conversation.post_message(uow, customer_of(view), view.order_id, HELLO)
    await conversation.post_message(uow, customer_of(view), view.order_id, HELLO)

    by_system = await conversation.read_conversation(uow, SYSTEM, view.order_id)
    by_staff = await conversation.read_conversation(uow, STAFF, view.order_id)
    again = await conversation.read_conversation(uow, STAFF, view.order_id)
    by_customer = await conversation.read_conversation(uow, customer_of(view), view.order_id)

    assert (by_system.unread_count, by_staff.unread_count, again.unread_count) == (2, 2, 0)
    assert by_customer.unread_count == 0
    assert all(m.read_at == T0 for m in again.messages)
    assert [t.kind for t in again.threads] == ["order"]


async def test_the_inbox_is_for_staff_and_lists_unread_customer_messages() -> None:
    uow = FakeMessagingUnit()
    view = an_order(uow)
    posted = await conversation.post_message(uow, customer_of(view), view.order_id, HELLO)
    await conversation.post_message(uow, STAFF, view.order_id, HELLO)

    with pytest.raises(Forbidden, match="staff"):
        await conversation.staff_inbox(uow, customer_of(view), 100)
    [entry] = await conversation.staff_inbox(uow, STAFF, 100)
    await conversation.read_conversation(uow, STAFF, view.order_id)

    assert (entry.message_id, entry.order_number, entry.customer_id) == (
        posted.message_id,
        "D-1001",
        view.customer_id,
    )
    assert await conversation.staff_inbox(uow, STAFF, 100) == []
