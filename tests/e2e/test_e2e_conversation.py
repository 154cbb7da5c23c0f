"""Messages across the services: a purchase condition holds the item in orders; a problem reception
report opens the problem thread in messaging with the customer's photo; staff dashboards see it live."""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from demo import Actors, Api, Story, png
from system_harness import System

pytestmark = pytest.mark.e2e


async def new_story(system: System, api: Api) -> Story:
    email = f"talk-{uuid.uuid4().hex[:8]}@example.jp"
    token = await api.register(email, "a customer password", "Jiro")
    me = await api.call("GET", "/me", token)
    actors = Actors(
        token, system.staff_tokens["ops"], system.staff_tokens["warehouse"], str(me["id"])
    )
    return Story(api, actors)


async def events(lines: AsyncIterator[str]) -> AsyncIterator[tuple[str, Any]]:
    """SSE events (name, data) as they come."""
    name = "message"
    async for line in lines:
        if line.startswith("event:"):
            name = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            yield name, json.loads(line.split(":", 1)[1])


async def test_a_purchase_condition_holds_the_item_until_staff_answer(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        story = await new_story(system, api)
        await story.place()
        await story.estimate()
        oid, item = story.order_id, story.item_ids[0]
        body = {"body": "Is the navy one really dark blue, not black?"}
        posted = await api.call(
            "POST",
            f"/orders/{oid}/items/{item}/purchase-condition",
            story.actors.customer,
            json=body,
            expect=201,
        )
        assert posted["kind"] == "purchase_condition"

        async def held() -> Any:
            page = await api.page(story.actors.customer, oid)
            first = page["items"]["data"]["items"][0]
            return page if first["held"] and first["purchase_condition"] else None

        page = await api.wait_for("the item held by its purchase condition", held)
        assert page["items"]["data"]["items"][0]["purchase_condition"]["question"] == body["body"]
        assert any(m["kind"] == "purchase_condition" for m in page["messages"]["data"]["messages"])
        inbox = await api.call("GET", "/staff/inbox", story.actors.ops)
        assert oid in {m["order_id"] for m in inbox["messages"]}


async def test_a_problem_report_opens_the_problem_thread_with_the_photo_and_dashboards_see_it(
    system: System,
) -> None:
    async with (
        system.client() as client,
        httpx.AsyncClient(base_url=system.gateway_url, timeout=None) as sse,
    ):
        api = Api(client, say=lambda _: None, timeout_s=30)
        ops = system.staff_tokens["ops"]
        headers = {"Authorization": f"Bearer {ops}"}
        params = {"key": ["messaging.problem_reported.v1", "orders.reception_reported.v1"]}
        async with sse.stream(
            "GET", "/api/v1/staff/events", headers=headers, params=params
        ) as stream:
            assert stream.status_code == 200
            live = events(stream.aiter_lines())
            assert (await anext(live))[0] == "subscribed"

            story = await new_story(system, api)
            await story.place()
            await story.estimate()
            await story.pay_first()
            await story.purchase()
            await story.check_photos(await story.arrive_and_inspect())
            await story.pay_second(await story.pack())
            await story.ship()
            customer = story.actors.customer
            upload = await client.post(
                "/api/v1/attachments?filename=broken.png",
                headers={"Authorization": f"Bearer {customer}", "content-type": "image/png"},
                content=png(10, 10, 10),
            )
            assert upload.status_code == 201, upload.text
            attachment_id = upload.json()["attachment_id"]
            report = {
                "result": "problem",
                "comment": "The mug arrived cracked.",
                "attachment_ids": [attachment_id],
            }
            await api.call(
                "POST", f"/orders/{story.order_id}/reception-report", customer, json=report
            )

            seen: set[str] = set()

            async def watch() -> None:
                async for name, data in live:
                    if (
                        name == "event"
                        and data["envelope"]["payload"].get("order_id") == story.order_id
                    ):
                        seen.add(data["routing_key"])
                        if len(seen) == 2:
                            return

            await asyncio.wait_for(watch(), 30)
            assert seen == {"messaging.problem_reported.v1", "orders.reception_reported.v1"}

        async def problem_thread() -> Any:
            page = await api.page(customer, story.order_id)
            threads = page["messages"]["data"]["threads"]
            return next((t for t in threads if t["kind"] == "problem"), None)

        thread = await api.wait_for("the problem thread", problem_thread)
        attachments = [a for m in thread["messages"] for a in m["attachments"]]
        assert [a["attachment_id"] for a in attachments] == [attachment_id]
        photo = await client.get(
            f"/api/v1/attachments/{attachment_id}", headers={"Authorization": f"Bearer {customer}"}
        )
        assert photo.status_code == 200
        assert photo.headers["content-type"] == "image/png"
        assert photo.content == png(10, 10, 10)
