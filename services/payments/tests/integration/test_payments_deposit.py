"""The deposit is the customer's money: whole history, withdrawals, top-ups by bank transfer."""

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import pytest
from payments_support import Payments

from daikou_contracts.catalogue.deposits import (
    DepositTransferConfirmed,
    WithdrawalPaidOut,
    WithdrawalRefused,
    WithdrawalRequested,
)
from daikou_kit.testing import capture

pytestmark = pytest.mark.integration

ACCOUNT = {
    "bank_name": "Mizuho",
    "branch_name": "Shibuya",
    "account_number": "1234567",
    "account_holder": "YAMADA HANAKO",
}


def yen(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "JPY"}


async def _withdraw(payments: Payments, customer: uuid.UUID, amount: int) -> Any:
    return await payments.client.post(
        f"/deposits/{customer}/withdrawals",
        json={"amount": yen(amount), "bank_account": ACCOUNT},
        headers=payments.customer(customer),
    )


async def test_the_whole_history_pages_back_to_the_first_entry(payments: Payments) -> None:
    customer = uuid.uuid4()
    for n in range(1, 121):
        await payments.top_up(customer, n)
    billing_id = await payments.estimate(customer, 1_000)
    paid = await payments.client.post(
        f"/billings/{billing_id}/payments",
        json={"method": "deposit"},
        headers=payments.customer(customer),
    )
    assert paid.status_code == 200, paid.text
    seen: list[dict[str, Any]] = []
    cursor: str | None = None
    pages = 0
    while True:
        params = {"limit": 50, **({"cursor": cursor} if cursor else {})}
        response = await payments.client.get(
            f"/deposits/{customer}/entries", params=params, headers=payments.customer(customer)
        )
        assert response.status_code == 200, response.text
        page = response.json()
        seen += page["entries"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert len(seen) == 121
    assert [e["amount"]["amount"] for e in seen[1:]] == list(range(120, 0, -1))
    newest = seen[0]
    assert (newest["reason"], newest["billing_id"], newest["amount"]["amount"]) == (
        "payment",
        billing_id,
        -1_000,
    )
    assert newest["order_id"] is not None
    assert sum(e["amount"]["amount"] for e in seen) == page["balance"]["amount"] == 6_260
    other = await payments.client.get(
        f"/deposits/{customer}/entries", headers=payments.customer(uuid.uuid4())
    )
    assert other.status_code == 404
    bad = await payments.client.get(
        f"/deposits/{customer}/entries",
        params={"cursor": "-1"},
        headers=payments.customer(customer),
    )
    assert (bad.status_code, bad.json()["code"]) == (400, "bad_cursor")


async def test_two_withdrawals_racing_for_the_balance_leave_it_at_zero(
    payments: Payments,
) -> None:
    customer = uuid.uuid4()
    await payments.top_up(customer, 8_000)
    first, second = await asyncio.gather(
        _withdraw(payments, customer, 8_000), _withdraw(payments, customer, 8_000)
    )
    assert sorted([first.status_code, second.status_code]) == [201, 409]
    refused = first if first.status_code == 409 else second
    assert refused.json()["code"] == "insufficient_deposit"
    assert await payments.balance(customer) == 0
    many = await asyncio.gather(*(_withdraw(payments, customer, 1) for _ in range(5)))
    assert {r.status_code for r in many} == {409}
    await payments.assert_books_balanced()


async def test_staff_pay_out_once_or_refuse_and_release(payments: Payments) -> None:
    customer = uuid.uuid4()
    await payments.top_up(customer, 10_000)
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        paid_one = (await _withdraw(payments, customer, 3_000)).json()
        payments.clock.advance(timedelta(minutes=5))
        refused_one = (await _withdraw(payments, customer, 2_000)).json()
        assert await payments.balance(customer) == 5_000
        pay_url = f"/withdrawals/{paid_one['withdrawal_id']}/pay-out"
        refuse_url = f"/withdrawals/{paid_one['withdrawal_id']}/refuse"
        # paid out and refused at the same moment: one wins, the other is refused
        pay, refuse = await asyncio.gather(
            payments.client.post(pay_url, json={"reference": "MZ-0001"}, headers=payments.staff),
            payments.client.post(refuse_url, json={"reason": "x"}, headers=payments.staff),
        )
        assert sorted([pay.status_code, refuse.status_code]) == [200, 409]
        if pay.status_code == 200:
            assert pay.json()["status"] == "paid_out"
        again = await payments.client.post(
            pay_url, json={"reference": "MZ-0002"}, headers=payments.staff
        )
        assert (again.status_code, again.json()["code"]) == (409, "already_decided")
        by_customer = await payments.client.post(
            f"/withdrawals/{refused_one['withdrawal_id']}/refuse",
            json={"reason": "mine"},
            headers=payments.customer(customer),
        )
        assert by_customer.status_code == 403
        released = await payments.client.post(
            f"/withdrawals/{refused_one['withdrawal_id']}/refuse",
            json={"reason": "the account name does not match"},
            headers=payments.staff,
        )
        assert released.json()["status"] == "refused"
        await seen.wait_for(WithdrawalRequested, 2)
        await seen.wait_for(WithdrawalRefused, 2 if refuse.status_code == 200 else 1)
    expected = 5_000 + 2_000 + (3_000 if refuse.status_code == 200 else 0)
    assert await payments.balance(customer) == expected
    assert len(seen.of_type(WithdrawalPaidOut)) == (1 if pay.status_code == 200 else 0)
    mine = await payments.client.get(
        f"/deposits/{customer}/withdrawals", headers=payments.customer(customer)
    )
    assert [w["amount"]["amount"] for w in mine.json()] == [2_000, 3_000]
    queue = await payments.client.get(
        "/withdrawals", params={"status": "requested"}, headers=payments.staff
    )
    assert customer not in {uuid.UUID(w["customer_id"]) for w in queue.json()}
    await payments.assert_books_balanced()


@pytest.mark.parametrize(
    "body",
    [
        {"amount": yen(-5), "bank_account": ACCOUNT},
        {"amount": yen(0), "bank_account": ACCOUNT},
        {"amount": {"amount": 5, "currency": "USD"}, "bank_account": ACCOUNT},
        {"amount": yen(5), "bank_account": {**ACCOUNT, "account_number": "12a"}},
        {"amount": yen(5), "bank_account": {**ACCOUNT, "bank_name": "A\u0000"}},
        {"amount": yen(10**30), "bank_account": ACCOUNT},
    ],
)
async def test_hostile_withdrawals_are_refused_with_a_reason(
    payments: Payments, body: dict[str, Any]
) -> None:
    customer = uuid.uuid4()
    await payments.top_up(customer, 100)
    response = await payments.client.post(
        f"/deposits/{customer}/withdrawals", json=body, headers=payments.customer(customer)
    )
    assert 400 <= response.status_code < 500, response.text
    assert await payments.balance(customer) == 100


async def test_a_top_up_by_transfer_is_credited_when_staff_confirm(payments: Payments) -> None:
    customer = uuid.uuid4()
    report = {"amount": 20_000, "payer_name": "YAMADA HANAKO", "transferred_on": "2026-01-05"}
    url = f"/deposits/{customer}/transfers"
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        first = await payments.client.post(url, json=report, headers=payments.customer(customer))
        again = await payments.client.post(url, json=report, headers=payments.customer(customer))
        assert first.status_code == again.status_code == 201, first.text
        assert first.json()["transfer_id"] == again.json()["transfer_id"]
        wrong = {**report, "amount": 999}
        doomed = await payments.client.post(url, json=wrong, headers=payments.customer(customer))
        transfer_id = first.json()["transfer_id"]
        assert await payments.balance(customer) == 0
        queue = await payments.client.get(
            "/deposit-transfers", params={"status": "reported"}, headers=payments.staff
        )
        assert transfer_id in {t["transfer_id"] for t in queue.json()}
        by_customer = await payments.client.post(
            f"/deposit-transfers/{transfer_id}/confirm",
            json={"amount_received": 20_000},
            headers=payments.customer(customer),
        )
        assert by_customer.status_code == 403
        confirmed = await payments.client.post(
            f"/deposit-transfers/{transfer_id}/confirm",
            json={"amount_received": 19_500},
            headers=payments.staff,
        )
        assert confirmed.json()["status"] == "confirmed"
        twice = await payments.client.post(
            f"/deposit-transfers/{transfer_id}/confirm",
            json={"amount_received": 19_500},
            headers=payments.staff,
        )
        assert twice.status_code == 409
        rejected = await payments.client.post(
            f"/deposit-transfers/{doomed.json()['transfer_id']}/reject",
            json={"reason": "not on the account"},
            headers=payments.staff,
        )
        assert rejected.json()["status"] == "rejected"
        [credited] = await seen.wait_for(DepositTransferConfirmed)
    assert credited.amount_received.amount == 19_500
    assert await payments.balance(customer) == 19_500
    future = {**report, "transferred_on": "2099-01-01"}
    assert (
        await payments.client.post(url, json=future, headers=payments.customer(customer))
    ).status_code == 400
    await payments.assert_books_balanced()
