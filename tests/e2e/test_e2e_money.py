"""Money through the gateway: the deposit's whole history, withdrawals racing for one balance, a
top-up by transfer, and a quantity change racing a deposit payment."""

import asyncio
import uuid
from typing import Any

import pytest
from demo import Actors, Api, Story
from money_statement import assert_statement_sums
from system_harness import System

pytestmark = pytest.mark.e2e

ACCOUNT = {
    "bank_name": "Mizuho Bank",
    "branch_name": "Shibuya",
    "account_number": "1234567",
    "account_holder": "YAMADA HANAKO",
}


def yen(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "JPY"}


async def new_story(system: System, api: Api) -> Story:
    email = f"money-{uuid.uuid4().hex[:8]}@example.jp"
    token = await api.register(email, "a customer password", "Hanako")
    me = await api.call("GET", "/me", token)
    actors = Actors(
        token, system.staff_tokens["ops"], system.staff_tokens["warehouse"], str(me["id"])
    )
    return Story(api, actors)


async def top_up(api: Api, story: Story, amount: int) -> None:
    path = f"/staff/deposits/{story.actors.customer_id}/top-ups"
    await api.call("POST", path, story.actors.ops, json={"amount": yen(amount)}, expect=201)


async def test_withdrawals_race_for_one_balance_and_staff_pay_out_once(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        story = await new_story(system, api)
        customer, ops = story.actors.customer, story.actors.ops
        await top_up(api, story, 8_000)
        body = {"amount": yen(8_000), "bank_account": ACCOUNT}
        auth = {"Authorization": f"Bearer {customer}"}
        first, second = await asyncio.gather(
            client.post("/api/v1/deposit/withdrawals", json=body, headers=auth),
            client.post("/api/v1/deposit/withdrawals", json=body, headers=auth),
        )
        assert sorted([first.status_code, second.status_code]) == [201, 409]
        withdrawal = (first if first.status_code == 201 else second).json()
        history = await api.call("GET", "/deposit/history", customer)
        assert history["balance"]["amount"] == 0
        assert [e["reason"] for e in history["entries"]] == ["withdrawal", "top_up"]
        queue = await api.call("GET", "/staff/withdrawals", ops, params={"status": "requested"})
        assert withdrawal["withdrawal_id"] in {w["withdrawal_id"] for w in queue}
        path = f"/staff/withdrawals/{withdrawal['withdrawal_id']}"
        paid = await api.call("POST", f"{path}/pay-out", ops, json={"reference": "MZ-0001"})
        assert paid["status"] == "paid_out"
        await api.call("POST", f"{path}/refuse", ops, json={"reason": "late"}, expect=409)
        await api.call("POST", f"{path}/refuse", customer, json={"reason": "x"}, expect=403)
        mine = await api.call("GET", "/deposit/withdrawals", customer)
        assert [(w["status"], w["reference"]) for w in mine] == [("paid_out", "MZ-0001")]
        assert (await api.call("GET", "/deposit/history", customer))["balance"]["amount"] == 0


async def test_a_top_up_by_transfer_and_the_whole_history_in_pages(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        story = await new_story(system, api)
        customer, ops = story.actors.customer, story.actors.ops
        for n in range(1, 61):
            await top_up(api, story, n)
        report = {"amount": 20_000, "payer_name": "YAMADA HANAKO", "transferred_on": "2026-01-05"}
        reported = await api.call("POST", "/deposit/transfers", customer, json=report, expect=201)
        path = f"/staff/deposit-transfers/{reported['transfer_id']}/confirm"
        confirmed = await api.call("POST", path, ops, json={"amount_received": 20_000})
        assert confirmed["status"] == "confirmed"
        seen: list[dict[str, Any]] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 25, **({"cursor": cursor} if cursor else {})}
            page = await api.call("GET", "/deposit/history", customer, params=params)
            seen += page["entries"]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == 61
        assert seen[0]["amount"]["amount"] == 20_000
        assert sum(e["amount"]["amount"] for e in seen) == page["balance"]["amount"] == 21_830
        staff_view = await api.call(
            "GET", f"/staff/deposits/{story.actors.customer_id}/history", ops
        )
        assert staff_view["balance"]["amount"] == 21_830
        mine = await api.call("GET", "/deposit/transfers", customer)
        assert [t["status"] for t in mine] == ["confirmed"]


async def test_a_quantity_change_racing_a_deposit_payment_never_leaves_it_underpaid(
    system: System,
) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        story = await new_story(system, api)
        customer = story.actors.customer
        await story.place()
        page = await story.estimate()
        first = page["billing"]["data"]["first"]
        await top_up(api, story, first["total"]["amount"])
        auth = {"Authorization": f"Bearer {customer}"}
        item = f"/api/v1/orders/{story.order_id}/items/{story.item_ids[0]}"
        pay = f"/api/v1/orders/{story.order_id}/billings/{first['billing_id']}/payments"
        change, paid = await asyncio.gather(
            client.patch(item, json={"quantity": 3}, headers=auth),
            client.post(
                pay, json={"method": "deposit", "revision": first["revision"]}, headers=auth
            ),
        )
        assert change.status_code in (200, 409), change.text
        assert paid.status_code in (200, 409), paid.text
        owed = change.json()["estimate"]["total"]["amount"] if change.status_code == 200 else None

        async def settled() -> Any:
            page = await api.page(customer, story.order_id)
            billing = page["billing"]["data"]["first"]
            estimate = page["basic_info"]["data"]["estimate"]
            if billing["revision"] != estimate["billing_revision"]:
                return None
            return page

        page = await api.wait_for("payments to hold the order's revision", settled)
        await asyncio.sleep(2)  # let any BillingPaid in flight reach orders
        page = await api.page(customer, story.order_id)
        billing = page["billing"]["data"]["first"]
        status = page["progress"]["data"]["status"]
        estimate_total = page["basic_info"]["data"]["estimate"]["total"]["amount"]
        assert billing["total"]["amount"] == estimate_total
        if owed is not None:
            assert estimate_total == owed
        if status == "purchasing":
            assert billing["status"] == "paid"
            assert billing["amount_paid"]["amount"] == estimate_total
        else:
            assert status == "awaiting_first_payment"
            assert billing["amount_due"]["amount"] > 0
            assert billing["amount_paid"]["amount"] + billing["amount_due"]["amount"] == (
                estimate_total
            )
        statement = await assert_statement_sums(api, customer, story.order_id)
        assert statement["due"]["amount"] == billing["amount_due"]["amount"]


async def test_a_staff_cancellation_after_one_of_two_items_was_bought(system: System) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=30)
        story = await new_story(system, api)
        customer, ops = story.actors.customer, story.actors.ops
        await story.place()
        page = await story.estimate()
        first = page["billing"]["data"]["first"]
        total = first["total"]["amount"]
        await top_up(api, story, total)
        pay = f"/orders/{story.order_id}/billings/{first['billing_id']}/payments"
        await api.call("POST", pay, customer, json={"method": "deposit"})
        await api.wait_status(customer, story.order_id, "purchasing")
        bought = story.item_ids[0]
        share = sum(
            line["amount"]["amount"] for line in first["lines"] if line.get("item_id") == bought
        )
        await api.call("POST", f"/staff/orders/{story.order_id}/items/{bought}/purchased", ops)
        await api.call(
            "POST", f"/staff/orders/{story.order_id}/cancel", ops, json={"reason": "cannot ship"}
        )
        await api.wait_status(customer, story.order_id, "cancelled")

        async def balance_is(amount: int) -> Any:
            history = await api.call("GET", "/deposit/history", customer)
            return history if history["balance"]["amount"] == amount else None

        await api.wait_for("the unbought part refunded", lambda: balance_is(total - share))
        await assert_statement_sums(api, customer, story.order_id)
        path = f"/staff/orders/{story.order_id}/items/{bought}/seller-refund"
        await api.call("POST", path, ops, json={"reason": "seller refunded via Alipay"})
        await api.call("POST", path, ops, expect=409)
        await api.wait_for("the bought item refunded", lambda: balance_is(total))
        statement = await assert_statement_sums(api, customer, story.order_id)
        refunds = sorted(x["amount"]["amount"] for x in statement["lines"] if x["kind"] == "refund")
        assert refunds == sorted([share, total - share])
