"""A service down: the order details page still renders, naming the part that is unavailable."""

import uuid

import pytest
from demo import Actors, Api, Story
from system_harness import System

pytestmark = pytest.mark.e2e


async def test_the_page_renders_without_payments_and_recovers(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        token = await api.register(
            f"down-{uuid.uuid4().hex[:8]}@example.jp", "a customer password", "Saburo"
        )
        me = await api.call("GET", "/me", token)
        story = Story(
            api,
            Actors(
                token, system.staff_tokens["ops"], system.staff_tokens["warehouse"], str(me["id"])
            ),
        )
        await story.place()
        await story.estimate()
        kept = await api.page(token, story.order_id)
        billing_id = kept["billing"]["data"]["first"]["billing_id"]
        system.stop("payments")
        try:
            # what payments answered is kept while nothing says it changed (it cannot, while
            # down); the customer's own attempt to pay drops it, so the next read asks again
            payment = f"/orders/{story.order_id}/billings/{billing_id}/payments"
            await api.call("POST", payment, token, json={"method": "deposit"}, expect=503)
            page = await api.page(token, story.order_id)
            assert page["billing"]["available"] is False
            assert "payments" in page["billing"]["unavailable_reason"]
            assert page["progress"]["data"]["status"] == "awaiting_first_payment"
            assert all(
                page[p]["available"]
                for p in ("tabs", "progress", "basic_info", "items", "shipping", "messages")
            )
            refused = await client.get(
                "/api/v1/deposit", headers={"Authorization": f"Bearer {token}"}
            )
            assert refused.status_code == 503
            assert refused.json()["code"] == "payments_unavailable"
        finally:
            system.restart("payments")
        page = await api.page(token, story.order_id)
        assert page["billing"]["available"] is True
        assert page["billing"]["data"]["first"]["status"] == "open"
