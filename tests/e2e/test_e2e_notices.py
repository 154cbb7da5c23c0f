"""A customer's notices in the web site, through the whole system: the estimate and a staff reply
become notices (the header's badge counts them); the staff reply, switched off on the preferences
page, is not e-mailed while the estimate is, once; reading them clears the badge."""

import re
import uuid
from typing import Any

import httpx
import pytest
from demo import Actors, Api, Story
from system_harness import PASSWORD, System, until

from daikou_notifications.mailcatcher import text_of

pytestmark = pytest.mark.e2e

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


async def csrf(web: httpx.AsyncClient, page: str) -> str:
    found = CSRF.search((await web.get(page)).text)
    assert found, f"no CSRF field on {page}"
    return found.group(1)


async def badge(web: httpx.AsyncClient) -> str:
    answer = await web.get("/notices/badge")
    assert answer.status_code == 200
    return answer.text


async def test_notices_in_the_site_follow_the_facts_and_the_preferences(system: System) -> None:
    assert system.mail is not None
    email = f"notice-{uuid.uuid4().hex[:8]}@example.jp"
    async with (
        system.client() as client,
        httpx.AsyncClient(base_url=system.web_url, timeout=30) as web,
    ):
        api = Api(client, say=lambda _: None, timeout_s=30)
        customer = await api.register(email, PASSWORD, "Hanako")
        me = await api.call("GET", "/me", customer)
        signed_in = await web.post(
            "/sign-in",
            data={"email": email, "password": PASSWORD, "csrf_token": await csrf(web, "/sign-in")},
        )
        assert signed_in.status_code in (200, 303), signed_in.text

        token = await csrf(web, "/preferences")
        kept = ["shipped", "completed", "inspection_completed", "reception_reminder"]
        saved = await web.post("/preferences/email", data={"csrf_token": token, "email": kept})
        assert saved.status_code in (200, 303), saved.text
        prefs = (await web.get("/preferences")).text
        assert "checked" not in prefs.split('id="pref-staff_reply"')[1].split(">")[0]
        assert "disabled" in prefs.split('id="pref-estimate_ready"')[1].split(">")[0]

        story = Story(api, Actors(customer, system.staff_tokens["ops"], "", str(me["id"])))
        await story.place()
        await story.estimate()
        await api.call(
            "POST",
            f"/orders/{story.order_id}/messages",
            system.staff_tokens["ops"],
            json={"title": "Colour", "body": "We have checked the colour with the seller."},
            expect=201,
        )

        async def two_unread() -> bool:
            return ">2</span>" in await badge(web)

        await until(two_unread, "two unread notices in the header's badge", 60, system)
        page = (await web.get("/notices")).text
        assert "【Daikou】ご注文" in page
        assert "お見積もりができました" in page
        assert "スタッフからの返信" in page
        listed: dict[str, Any] = await api.call("GET", "/notices", customer)
        kinds = [n["kind"] for n in listed["notices"]]
        assert kinds == ["staff_reply", "estimate_ready"]  # newest first

        async def estimate_mailed() -> bool:
            return bool(system.mail and system.mail.mailbox.to(email))

        await until(estimate_mailed, "the estimate's e-mail", 60, system)
        mails = system.mail.mailbox.to(email)
        assert [m["Subject"].startswith("【Daikou】ご注文") for m in mails] == [True]
        assert "お見積もり" in mails[0]["Subject"]

        estimate = next(n for n in listed["notices"] if n["kind"] == "estimate_ready")
        opened = await web.post(
            f"/notices/{estimate['id']}/read?open=1",
            data={"csrf_token": await csrf(web, "/notices")},
        )
        assert opened.status_code == 303
        assert opened.headers["location"] == f"/orders/{story.order_id}"
        assert ">1</span>" in await badge(web)

        everything = await web.post(
            "/notices/read-all", data={"csrf_token": await csrf(web, "/notices")}
        )
        assert everything.status_code == 303
        assert 'id="unread-badge"' not in await badge(web)
        assert await api.call("GET", "/notices/unread-count", customer) == {"unread": 0}
    assert len(system.mail.mailbox.to(email)) == 1  # the staff reply was switched off


async def test_a_new_address_and_language_set_in_the_site_get_the_next_mails(
    system: System,
) -> None:
    assert system.mail is not None
    old = f"before-{uuid.uuid4().hex[:8]}@example.jp"
    new = f"after-{uuid.uuid4().hex[:8]}@example.jp"
    async with (
        system.client() as client,
        httpx.AsyncClient(base_url=system.web_url, timeout=30) as web,
    ):
        api = Api(client, say=lambda _: None, timeout_s=30)
        customer = await api.register(old, PASSWORD, "Hanako")
        me = await api.call("GET", "/me", customer)
        await web.post(
            "/sign-in",
            data={"email": old, "password": PASSWORD, "csrf_token": await csrf(web, "/sign-in")},
        )
        wrong = await web.post(
            "/preferences/account",
            data={
                "csrf_token": await csrf(web, "/preferences"),
                "email": new,
                "language": "en",
                "current_password": "not the password",
            },
        )
        assert wrong.status_code == 400
        assert 'id="e-current_password"' in wrong.text
        changed = await web.post(
            "/preferences/account",
            data={
                "csrf_token": await csrf(web, "/preferences"),
                "email": new,
                "language": "en",
                "current_password": PASSWORD,
            },
        )
        assert changed.status_code == 303, changed.text
        assert (await api.call("GET", "/me", customer))["language"] == "en"

        story = Story(api, Actors(customer, system.staff_tokens["ops"], "", str(me["id"])))
        await story.place()
        await story.estimate()

        async def mailed() -> bool:
            return bool(system.mail and system.mail.mailbox.to(new))

        await until(mailed, "the estimate's e-mail at the new address", 60, system)
    mails = system.mail.mailbox.to(new)
    assert len(mails) == 1
    assert mails[0]["Subject"].startswith("[Daikou] Your estimate for order ")
    assert "Dear Hanako," in text_of(mails[0])
    assert system.mail.mailbox.to(old) == []
