"""Shortened deadlines through the scheduler: an unpaid order cancels itself, a shipped one completes
itself, and the messaging window closes after the (shortened) period."""

import asyncio
import uuid
from typing import Any

import pytest
from demo import Actors, Api, Story
from money_statement import assert_statement_sums
from system_harness import AUTO_COMPLETE_S, PAYMENT_PERIOD_S, WINDOW_S, System

pytestmark = pytest.mark.e2e


async def new_story(system: System, api: Api) -> Story:
    email = f"deadline-{uuid.uuid4().hex[:8]}@example.jp"
    token = await api.register(email, "a customer password", "Taro")
    me = await api.call("GET", "/me", token)
    actors = Actors(
        token, system.staff_tokens["ops"], system.staff_tokens["warehouse"], str(me["id"])
    )
    return Story(api, actors)


async def test_an_unpaid_order_is_cancelled_by_the_deadline_and_its_window_closes(
    system: System,
) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        story = await new_story(system, api)
        await story.place()
        await story.estimate()
        customer = story.actors.customer

        page = await api.wait_status(
            customer, story.order_id, "cancelled", timeout_s=PAYMENT_PERIOD_S + 30
        )
        assert page["basic_info"]["data"]["cancel_reason"] == "payment_deadline"
        assert page["progress"]["data"]["action_required"] is None

        async def voided() -> Any:
            page = await api.page(customer, story.order_id)
            first = page["billing"]["data"]["first"]
            return first if first and first["status"] == "voided" else None

        await api.wait_for("the 1st billing voided", voided)
        statement = await assert_statement_sums(api, customer, story.order_id)
        assert statement["due"]["amount"] == 0
        posted = await api.call(
            "POST",
            f"/orders/{story.order_id}/messages",
            customer,
            json={"title": "Why?", "body": "Can I still pay?"},
            expect=201,
        )
        assert posted["title"] == "Why?"

        async def closed() -> Any:
            page = await api.page(customer, story.order_id)
            window = page["messages"]["data"]["window"]
            return window if window and window["open"] is False else None

        await api.wait_for("the messaging window to close", closed, timeout_s=WINDOW_S + 30)
        refused = await client.post(
            f"/api/v1/orders/{story.order_id}/messages",
            headers={"Authorization": f"Bearer {customer}"},
            json={"title": "Hello?", "body": "Anyone?"},
        )
        assert 400 <= refused.status_code < 500
        assert refused.json()["detail"]


async def test_a_shipped_order_completes_itself_after_the_period(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        story = await new_story(system, api)
        await story.place()
        await story.estimate()
        await story.pay_first()
        await story.purchase()
        await story.check_photos(await story.arrive_and_inspect())
        await story.pay_second(await story.pack())
        await story.ship()
        customer = story.actors.customer
        await asyncio.sleep(1)
        assert (await api.page(customer, story.order_id))["progress"]["data"]["status"] == "shipped"

        page = await api.wait_status(
            customer, story.order_id, "completed", timeout_s=AUTO_COMPLETE_S + 30
        )
        assert page["basic_info"]["data"]["completion_reason"] == "auto_complete"
        assert (await assert_statement_sums(api, customer, story.order_id))["due"]["amount"] == 0
        assert page["shipping"]["data"]["tracking_numbers"] == ["EJ123456789CN"]
