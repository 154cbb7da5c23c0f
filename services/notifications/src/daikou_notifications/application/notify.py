"""Use cases: learn contacts and orders, turn a notice into a recorded notification, preferences."""

from __future__ import annotations

from daikou_contracts.catalogue.accounts import AccountChanged, AccountRegistered
from daikou_contracts.catalogue.orders import OrderPlaced
from daikou_kit.actors import Actor
from daikou_kit.errors import Forbidden, InvalidInput
from daikou_notifications.application.ports import NotificationsUnit
from daikou_notifications.domain.content import NoticeContent
from daikou_notifications.domain.notice import (
    MANDATORY,
    Contact,
    Kind,
    Notice,
    Status,
    order_link,
    wanted,
)
from daikou_notifications.domain.records import KindPreference, KnownOrder, Notification


async def account_registered(uow: NotificationsUnit, fact: AccountRegistered) -> None:
    """Learn where and in which language to write to a customer."""
    contact = Contact(fact.customer_id, fact.email, fact.display_name, fact.language.value)
    await uow.contacts.save(contact, fact.registered_at)


async def account_changed(uow: NotificationsUnit, fact: AccountChanged) -> None:
    """A customer's new address, language or name: later mails go there, so (an older change
    arriving late changes nothing)."""
    contact = Contact(fact.customer_id, fact.email, fact.display_name, fact.language.value)
    await uow.contacts.save(contact, fact.changed_at)


async def order_placed(uow: NotificationsUnit, fact: OrderPlaced) -> None:
    """Learn an order's customer and number."""
    titles = {str(item.item_id): item.title for item in fact.items}
    known = KnownOrder(fact.customer_id, fact.order_number)
    await uow.orders.save(fact.order_id, known, titles)


async def notify(uow: NotificationsUnit, notice: Notice) -> bool:
    """Record the notification of a notice, pending delivery; False if the fact was seen already.

    With no known contact the notification is recorded as `no_contact` (nothing to send).
    """
    known = await uow.orders.get(notice.order_id)
    customer_id = notice.customer_id or (known.customer_id if known else None)
    if customer_id is None:
        return False  # a fact about an order this service never heard of: nobody to tell
    order_number = known.order_number if known else str(notice.order_id)[:8]
    contact = await uow.contacts.get(customer_id)
    reader = contact or Contact(customer_id, "", "", "ja")
    params = notice.params
    if notice.item_id is not None:
        title = await uow.orders.item_title(notice.order_id, notice.item_id)
        params = {**params, "item": title or ""}
    content = NoticeContent(
        reader.display_name, order_number, order_link(uow.web_url, notice.order_id), params
    )
    mail = uow.renderer.render(notice.kind, reader, order_number, content.link, params)
    now = uow.clock.now()
    status = Status.PENDING if contact else Status.NO_CONTACT
    if contact and not wanted(notice.kind, await uow.preferences.switched_off(customer_id)):
        status = Status.SKIPPED
    return await uow.notifications.add(
        Notification(
            id=uow.new_id(),
            fact_key=notice.fact_key,
            kind=notice.kind,
            customer_id=customer_id,
            order_id=notice.order_id,
            language=reader.language,
            recipient=contact.email if contact else None,
            subject=mail.subject,
            body=mail.body,
            html=mail.html,
            status=status,
            next_attempt_at=now if status is Status.PENDING else None,
            created_at=now,
            content=content,
        )
    )


async def set_preferences(
    uow: NotificationsUnit, actor: Actor, wanted_by_kind: dict[Kind, bool]
) -> None:
    """A customer switches kinds' e-mails on or off (never a money or deadline kind's off)."""
    if actor.is_staff:
        raise Forbidden("a customer's own preferences", code="customers_only")
    for kind, email in wanted_by_kind.items():
        if kind in MANDATORY and not email:
            raise InvalidInput(
                f"{kind.value} is about money or a deadline and is always sent",
                code="mandatory_kind",
            )
    now = uow.clock.now()
    for kind, email in wanted_by_kind.items():
        await uow.preferences.set(actor.user_id, kind, email, now)


async def preferences(uow: NotificationsUnit, actor: Actor) -> list[KindPreference]:
    """Every kind, whether the customer gets it by e-mail, and whether it can be switched off."""
    off = await uow.preferences.switched_off(actor.user_id)
    return [KindPreference(kind, wanted(kind, off), kind in MANDATORY) for kind in Kind]
