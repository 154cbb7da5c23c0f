"""The full life of an order across every service, with the order details page checked at each step."""

import uuid
from typing import Any

import pytest
from demo import Actors, Api, Story
from money_statement import assert_statement_sums
from system_harness import System

pytestmark = pytest.mark.e2e

PARTS = ("tabs", "progress", "basic_info", "billing", "items", "shipping", "messages")


def all_parts(page: dict[str, Any]) -> None:
    """Every one of the seven parts is there."""
    missing = [p for p in PARTS if not page[p]["available"]]
    assert missing == [], {p: page[p]["unavailable_reason"] for p in missing}


async def customer(api: Api) -> Actors:
    email = f"life-{uuid.uuid4().hex[:8]}@example.jp"
    token = await api.register(email, "a customer password", "Hanako")
    me = await api.call("GET", "/me", token)
    return Actors(token, "", "", customer_id=str(me["id"]))


async def test_an_order_lives_from_application_to_completion(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        actors = await customer(api)
        actors.ops, actors.warehouse = system.staff_tokens["ops"], system.staff_tokens["warehouse"]
        story = Story(api, actors)

        page = await story.place()
        all_parts(page)
        assert page["progress"]["data"]["can_cancel"] is True
        assert page["basic_info"]["data"]["shipping_preference"] == "EMS"
        assert page["basic_info"]["data"]["address"]["city"] == "Shibuya-ku"
        assert [t["current"] for t in page["tabs"]["data"]] == [True]
        assert page["billing"]["data"]["first"] is None
        assert {i["status"] for i in page["items"]["data"]["items"]} == {"pre_payment"}

        page = await story.estimate()
        all_parts(page)
        first_before = page["billing"]["data"]["first"]["total"]["amount"]
        assert page["progress"]["data"]["action_required"] == "pay_first_billing"

        page = await story.change_quantity(first_before)
        first = page["billing"]["data"]["first"]
        assert first["total"]["amount"] > first_before
        assert page["items"]["data"]["items"][0]["quantity"] == 3

        page = await story.pay_first()
        all_parts(page)
        first = page["billing"]["data"]["first"]
        assert first["status"] == "paid"
        assert first["paid_by"]["deposit"]["amount"] == 5000
        assert first["paid_by"]["card"]["amount"] == first["total"]["amount"] - 5000
        assert page["billing"]["data"]["deposit"]["amount"] == 0
        assert page["progress"]["data"]["can_cancel"] is False

        await story.purchase()
        page = await story.arrive_and_inspect()
        all_parts(page)
        assert page["progress"]["data"]["status"] == "at_warehouse"
        assert page["progress"]["data"]["action_required"] == "check_photos"
        assert all(len(i["photos"]) == 1 for i in page["items"]["data"]["items"])
        await story.check_photos(page)

        page = await story.pack()
        all_parts(page)
        second = page["billing"]["data"]["second"]
        assert second["total"]["amount"] > 0
        assert page["progress"]["data"]["action_required"] == "pay_second_billing"
        assert len(page["shipping"]["data"]["parcels"]) == 1

        page = await story.pay_second(page)
        assert (
            page["billing"]["data"]["second"]["paid_by"]["transfer"]["amount"]
            == second["total"]["amount"]
        )

        page = await story.ship()
        all_parts(page)
        assert page["shipping"]["data"]["tracking_numbers"] == ["EJ123456789CN"]
        assert page["progress"]["data"]["action_required"] == "report_reception"
        assert page["progress"]["data"]["can_report_reception"] is True

        page = await story.report_reception()
        all_parts(page)
        assert page["progress"]["data"]["action_required"] is None
        assert [s["state"] for s in page["progress"]["data"]["steps"]][-1] == "current"
        assert page["tabs"]["data"] == []
        feedback = await api.call("GET", "/feedback/recent")
        assert "Arrived in very good condition." in [f["comment"] for f in feedback]
        completed = await api.call("GET", "/orders", actors.customer, params={"tab": "completed"})
        assert [o["order_id"] for o in completed["orders"]] == [story.order_id]
        statement = await assert_statement_sums(api, actors.customer, story.order_id)
        assert statement["due"]["amount"] == 0
        assert [(b["kind"], b["status"]) for b in statement["billings"]] == [
            ("first", "paid"),
            ("second", "paid"),
        ]
        first_revisions = statement["billings"][0]["revisions"]
        assert len(first_revisions) >= 2  # the estimate and the quantity change
        kinds = {line["kind"] for line in statement["lines"]}
        assert {"paid_deposit", "paid_card", "card_fee", "paid_transfer"} <= kinds
