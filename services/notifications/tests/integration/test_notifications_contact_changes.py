"""A customer who changes their e-mail address and language gets the later mails at the new
address, in the new language; a change that arrives late, after a newer one, changes nothing."""

from datetime import timedelta

import pytest
from notifications_support import T0, Notifications, customer_of, customer_with_order
from test_notifications_delivery import estimated

from daikou_contracts.catalogue.accounts import AccountChanged, Language
from daikou_kit.testing import eventually
from daikou_notifications.mailcatcher import text_of

pytestmark = pytest.mark.integration


async def test_later_mails_go_to_the_new_address_in_the_new_language(
    notifications: Notifications,
) -> None:
    n = notifications
    old_email, order_id = await customer_with_order(n, Language.JA)
    customer_id = await customer_of(n, order_id)
    new_email = f"moved-{customer_id.hex[:10]}@example.jp"
    newest = AccountChanged(
        customer_id=customer_id,
        email=new_email,
        display_name="Hanako Y",
        language=Language.EN,
        changed_at=T0 + timedelta(hours=2),
    )
    stale = AccountChanged(
        customer_id=customer_id,
        email=f"stale-{customer_id.hex[:10]}@example.jp",
        display_name="Hanako",
        language=Language.JA,
        changed_at=T0 + timedelta(hours=1),
    )
    await n.publish(newest)
    late = await n.publish(stale)  # older, delivered later

    async def both_handled() -> bool:
        return bool(await n.rows("SELECT 1 FROM inbox WHERE message_id = :id", id=late))

    await eventually(both_handled)
    await n.publish(estimated(order_id, customer_id))

    async def mailed() -> bool:
        return bool(n.smtp.mailbox.to(new_email))

    await eventually(mailed)
    mails = n.smtp.mailbox.to(new_email)
    assert len(mails) == 1
    assert mails[0]["Subject"].startswith("[Daikou] Your estimate for order DK-")
    assert "Dear Hanako Y," in text_of(mails[0])
    assert n.smtp.mailbox.to(old_email) == []
    rows = await n.rows(
        "SELECT email, language FROM contacts WHERE customer_id = :id", id=customer_id
    )
    assert [(r[0], r[1]) for r in rows] == [(new_email, "en")]
