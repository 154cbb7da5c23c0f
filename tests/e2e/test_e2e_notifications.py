"""A customer who registered in English gets the estimate by e-mail, through the real SMTP server
the harness runs: once, in English, with the 1st billing's total and a link to the order page."""

import uuid

import httpx
import pytest
from demo import Api, Story
from system_harness import System, english_customer, until

from daikou_notifications.mailcatcher import text_of

pytestmark = pytest.mark.e2e


async def test_an_estimated_order_is_mailed_to_its_customer_in_their_language(
    system: System,
) -> None:
    assert system.mail is not None
    email = f"mail-{uuid.uuid4().hex[:8]}@example.jp"
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        story = Story(api, await english_customer(system, api, email))
        await story.place()
        page = await story.estimate()
        total = page["billing"]["data"]["first"]["total"]["amount"]

        async def mailed() -> bool:
            return bool(system.mail and system.mail.mailbox.to(email))

        await until(mailed, "the estimate's e-mail", timeout=60, system=system)

    mails = system.mail.mailbox.to(email)
    assert len(mails) == 1
    assert mails[0]["Subject"].startswith("[Daikou] Your estimate for order ")
    body = text_of(mails[0])
    assert "Dear Ann," in body
    assert f"Total: ¥{total:,}" in body
    assert " JST" in body
    link = f"{system.web_url}/orders/{story.order_id}"
    assert link in body
    assert list((system.workdir / "mail").glob("*.eml"))
    async with httpx.AsyncClient(timeout=30) as web:
        assert (await web.get(link)).status_code < 500
