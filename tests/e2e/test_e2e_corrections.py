"""Staff correct an unpaid estimate through the gateway: payments re-issues the 1st billing as a
new revision and the customer sees what changed; once paid, a correction is refused."""

from typing import Any

import pytest
from demo import Api
from system_harness import System
from test_e2e_deadlines import new_story

pytestmark = pytest.mark.e2e
RATE = {"base": "CNY", "quote": "JPY", "rate": "21.5", "rounding": "up"}


def _prices(item_ids: list[str], unit: int) -> list[dict[str, Any]]:
    return [
        {
            "item_id": item_id,
            "unit_price": {"amount": unit, "currency": "CNY"},
            "domestic_shipping": {"amount": 800, "currency": "CNY"},
        }
        for item_id in item_ids
    ]


async def test_a_corrected_estimate_re_issues_the_billing(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        story = await new_story(system, api)
        await story.place()
        page = await story.estimate()
        before = page["billing"]["data"]["first"]["total"]["amount"]
        ops, oid = story.actors.ops, story.order_id
        body = {"items": _prices(story.item_ids, 60_000), "rate": RATE}
        corrected = await api.call("PUT", f"/staff/orders/{oid}/estimate", ops, json=body)
        assert corrected["estimate"]["billing_revision"] == 2

        async def reissued() -> Any:
            page = await api.page(story.actors.customer, oid)
            first = page["billing"]["data"]["first"]
            return page if first and first["total"]["amount"] != before else None

        page = await api.wait_for("the 1st billing re-issued", reissued)
        first = page["billing"]["data"]["first"]
        assert first["total"]["amount"] > before
        assert first["status"] == "open"
        staff_view = await api.page(ops, oid)
        history = staff_view["progress"]["data"]["history"]
        assert any(h["what"] == "estimate_corrected" for h in history)
        assert any(h["actor"].startswith("ops:") for h in history)
        own = page["progress"]["data"]["history"]
        assert "estimate_corrected" in {h["what"] for h in own}
        assert {h["actor"] for h in own} <= {"customer", "staff", "system"}
        assert "staff" in {h["actor"] for h in own}
        assert all(h["reason"] == "" for h in own)
        await story.pay_first()
        refused = await client.put(
            f"/api/v1/staff/orders/{oid}/estimate",
            json=body,
            headers={"Authorization": f"Bearer {ops}"},
        )
        assert (refused.status_code, refused.json()["code"]) == (409, "not_correctable")
