"""A purchase condition is either honoured or refused, never accepted and ignored: before payment
it holds the item; after payment it is refused with a reason (409), and once an item is bought the
gateway refuses it from the orders service's own state (`condition_too_late`)."""

import pytest
from demo import Api
from system_harness import System
from test_e2e_deadlines import new_story

pytestmark = pytest.mark.e2e


async def test_a_condition_after_payment_is_refused_with_a_reason(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        story = await new_story(system, api)
        await story.place()
        await story.estimate()
        await story.pay_first()
        oid, item = story.order_id, story.item_ids[0]
        customer = {"Authorization": f"Bearer {story.actors.customer}"}
        path = f"/api/v1/orders/{oid}/items/{item}/purchase-condition"
        after_payment = await client.post(path, json={"body": "Unopened box?"}, headers=customer)
        assert after_payment.status_code == 409, after_payment.text
        assert after_payment.json()["detail"]
        await story.purchase()
        bought = await client.post(path, json={"body": "Still possible?"}, headers=customer)
        assert (bought.status_code, bought.json()["code"]) == (409, "condition_too_late")
        assert "too late" in bought.json()["detail"]
        page = await api.page(story.actors.customer, oid)
        first = page["items"]["data"]["items"][0]
        assert (first["held"], first["purchase_condition"]) == (False, None)
        staff_view = await api.page(story.actors.ops, oid)
        history = staff_view["progress"]["data"]["history"]
        assert any(h["what"] == "status" for h in history)
        assert not any(h["what"] == "purchase_condition" for h in history)
