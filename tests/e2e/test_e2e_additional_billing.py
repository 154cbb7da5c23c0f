"""A cost after the 2nd billing was paid that the deposit cannot cover: an additional billing the
customer sees on the order page, is mailed about, and pays like the others (deposit first, then
bank transfer); the order's status does not move and the money statement still sums."""

import asyncio
import uuid
from datetime import date
from typing import Any

import aio_pika
import pytest
from demo import Actors, Api, Story
from money_statement import assert_statement_sums
from system_harness import System, e2e_namespace

from daikou_contracts.catalogue.warehouse import CaseOutcome, ExchangeReturnResolved
from daikou_contracts.money import Money
from daikou_kit.testing import publish
from daikou_kit.topology import Names
from daikou_notifications.mailcatcher import text_of

pytestmark = pytest.mark.e2e


async def new_story(system: System, api: Api) -> tuple[Story, str]:
    email = f"additional-{uuid.uuid4().hex[:8]}@example.jp"
    token = await api.register(email, "a customer password", "Hanako")
    me = await api.call("GET", "/me", token)
    actors = Actors(
        token, system.staff_tokens["ops"], system.staff_tokens["warehouse"], str(me["id"])
    )
    return Story(api, actors), email


async def test_a_cost_after_the_second_billing_is_billed_apart_and_paid_deposit_first(
    system: System,
) -> None:
    async with system.client() as client:
        api = Api(client, say=lambda _: None, timeout_s=60)
        story, email = await new_story(system, api)
        await story.place()
        await story.estimate()
        await story.pay_first()
        await story.purchase()
        await story.check_photos(await story.arrive_and_inspect())
        await story.pay_second(await story.pack())
        customer = story.actors.customer
        status = (await api.page(customer, story.order_id))["progress"]["data"]["status"]
        deposit = await api.call("GET", "/deposit", customer)
        balance = int(deposit["balance"]["amount"])
        cost = balance + 1_500  # more than the deposit holds

        # The warehouse's resolution arrives once the 2nd billing is paid (delivered twice).
        fact = ExchangeReturnResolved(
            case_id=uuid.uuid4(),
            order_id=uuid.UUID(story.order_id),
            item_id=uuid.UUID(story.item_ids[0]),
            outcome=CaseOutcome.RETURNED,
            local_shipping_cost=Money.jpy(cost),
        )
        connection = await aio_pika.connect(system.infra.amqp_url)
        try:
            names = Names(e2e_namespace(system.infra))
            for _ in range(2):
                await publish(connection, names, fact, correlation_id=story.order_id)
        finally:
            await connection.close()

        async def billed() -> Any:
            page = await api.page(customer, story.order_id)
            extra = (page["billing"]["data"] or {}).get("additional") or []
            return page if extra else None

        page = await api.wait_for("the additional billing", billed)
        await asyncio.sleep(2)  # the duplicate has had time to arrive
        page = await api.page(customer, story.order_id)
        [extra] = page["billing"]["data"]["additional"]
        assert (extra["kind"], extra["status"], extra["revision"]) == ("additional", "open", 1)
        assert extra["total"]["amount"] == cost
        assert page["progress"]["data"]["status"] == status  # the order does not move
        assert page["billing"]["data"]["second"]["status"] == "paid"
        statement = await assert_statement_sums(api, customer, story.order_id)
        assert statement["due"]["amount"] == cost

        path = f"/orders/{story.order_id}/billings/{extra['billing_id']}"
        answer = await api.call(
            "POST",
            f"{path}/payments",
            customer,
            json={"method": "transfer", "revision": extra["revision"]},
        )
        assert answer["paid_by_deposit_now"]["amount"] == balance
        due = answer["billing"]["amount_due"]["amount"]
        assert due == 1_500
        report = {"amount": due, "payer_name": "YAMADA HANAKO", "transferred_on": str(date.today())}
        transfer = await api.call("POST", f"{path}/transfers", customer, json=report, expect=201)
        confirm = f"/staff/transfers/{transfer['transfer_id']}/confirm"
        await api.call("POST", confirm, story.actors.ops, json={"amount_received": due})

        async def paid() -> Any:
            page = await api.page(customer, story.order_id)
            [extra] = page["billing"]["data"]["additional"]
            return page if extra["status"] == "paid" else None

        page = await api.wait_for("the additional billing paid", paid)
        assert page["progress"]["data"]["status"] == status
        statement = await assert_statement_sums(api, customer, story.order_id)
        assert statement["due"]["amount"] == 0

        async def mailed() -> Any:
            mails = system.mail.mailbox.to(email) if system.mail else []
            return [m for m in mails if "追加のご請求を発行しました" in text_of(m)] or None

        assert len(await api.wait_for("the additional billing's mail", mailed)) == 1
