"""A whole order life, told to its customer: the e-mails read from the harness's real SMTP server
are the expected ones, in order, each once, each with a link that opens the order's page in the
site; and each is also a notice in the customer's list, with the same subject."""

import re
import uuid
from typing import Any

import httpx
import pytest
from demo import Api, Story
from system_harness import PASSWORD, System, english_customer, until

from daikou_notifications.mailcatcher import html_of, text_of

pytestmark = pytest.mark.e2e

EXPECTED = [
    "estimate_ready",
    "inspection_completed",
    "second_billing",
    "transfer_confirmed",
    "shipped",
    "completed",
]
SOMETIMES = {"payment_reminder", "second_billing_reminder", "reception_reminder"}
"""Reminders the shortened periods may fire on a slow machine, depending on how fast the story goes."""


async def test_every_step_that_needs_the_customer_is_mailed_once_in_order(
    system: System,
) -> None:
    assert system.mail is not None
    email = f"life-mail-{uuid.uuid4().hex[:8]}@example.jp"
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=60)
        story = Story(api, await english_customer(system, api, email))
        await story.run()

        listed: dict[str, Any] = {}

        async def all_mailed() -> bool:
            listed.update(await api.call("GET", "/notices?limit=100", story.actors.customer))
            kinds = {n["kind"] for n in listed["notices"]}
            mails = system.mail.mailbox.to(email) if system.mail else []
            return "completed" in kinds and len(mails) >= len(listed["notices"])

        await until(all_mailed, "every notice of the order's life mailed", 60, system)

    notices = list(reversed(listed["notices"]))  # oldest first
    assert [n["kind"] for n in notices if n["kind"] not in SOMETIMES] == EXPECTED
    assert len({n["kind"] for n in notices}) == len(notices)  # each once
    mails = system.mail.mailbox.to(email)
    # one mail per notice; mails of facts that arrive close together may be delivered in either order
    assert sorted(str(m["Subject"]).strip() for m in mails) == sorted(n["subject"] for n in notices)
    link = f"{system.web_url}/orders/{story.order_id}"
    for mail in mails:
        assert link in text_of(mail), mail["Subject"]
        assert f'href="{link}"' in (html_of(mail) or ""), mail["Subject"]
    shipped_subject = next(n["subject"] for n in notices if n["kind"] == "shipped")
    shipped = text_of(next(m for m in mails if str(m["Subject"]).strip() == shipped_subject))
    assert "EJ123456789CN" in shipped

    async with httpx.AsyncClient(base_url=system.web_url, timeout=30) as web:
        form = (await web.get("/sign-in")).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert csrf
        await web.post(
            "/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": csrf.group(1)}
        )
        page = await web.get(link)
    assert page.status_code == 200
    assert notices[0]["order_number"] in page.text
