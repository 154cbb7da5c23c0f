"""Bank transfers: reported, then confirmed (exact, under, over) or rejected by staff."""

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from payments_support import Payments

from daikou_contracts.catalogue.payments import (
    BillingPaid,
    DepositCredited,
    LedgerReason,
    TransferReported,
)
from daikou_kit.testing import capture

pytestmark = pytest.mark.integration


async def _report(payments: Payments, customer: uuid.UUID, billing_id: str, amount: int) -> Any:
    response = await payments.client.post(
        f"/billings/{billing_id}/transfers",
        json={"amount": amount, "payer_name": "YAMADA TARO", "transferred_on": "2026-01-05"},
        headers=payments.customer(customer),
    )
    assert response.status_code == 201, response.text
    return response.json()


async def _confirm(payments: Payments, transfer_id: str, received: int) -> Any:
    response = await payments.client.post(
        f"/transfers/{transfer_id}/confirm",
        json={"amount_received": received},
        headers=payments.staff,
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_transfer_reported_then_confirmed(payments: Payments) -> None:
    customer = uuid.uuid4()
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        billing_id = await payments.estimate(customer, 8_000)
        pay = await payments.client.post(
            f"/billings/{billing_id}/payments",
            json={"method": "transfer"},
            headers=payments.customer(customer),
        )
        assert pay.json()["transfer"]["amount"]["amount"] == 8_000
        assert pay.json()["transfer"]["bank_account"]
        transfer = await _report(payments, customer, billing_id, 8_000)
        duplicate = await _report(payments, customer, billing_id, 8_000)
        assert duplicate["transfer_id"] == transfer["transfer_id"]
        # Monday 2026-01-05 18:00 JST is closing time: Tuesday 10:00 + 3 h = 13:00 JST.
        expected = datetime(2026, 1, 6, 4, 0, tzinfo=UTC)
        assert datetime.fromisoformat(transfer["expected_confirmation_by"]) == expected
        listed = await payments.client.get(
            "/transfers", params={"status": "reported"}, headers=payments.staff
        )
        assert transfer["transfer_id"] in [t["transfer_id"] for t in listed.json()]
        forbidden = await payments.client.post(
            f"/transfers/{transfer['transfer_id']}/confirm",
            json={"amount_received": 8_000},
            headers=payments.customer(customer),
        )
        assert forbidden.status_code == 403
        confirmed = await _confirm(payments, transfer["transfer_id"], 8_000)
        assert confirmed["status"] == "confirmed"
        twice = await payments.client.post(
            f"/transfers/{transfer['transfer_id']}/confirm",
            json={"amount_received": 8_000},
            headers=payments.staff,
        )
        assert twice.status_code == 409
        [reported] = await seen.wait_for(TransferReported)
        [paid] = await seen.wait_for(BillingPaid)
    assert reported.expected_confirmation_by == expected
    assert (paid.paid_by_transfer.amount, paid.paid_by_deposit.amount) == (8_000, 0)
    assert await payments.balance(customer) == 0
    await payments.assert_books_balanced()


async def test_under_payment_leaves_the_rest_due(payments: Payments) -> None:
    customer = uuid.uuid4()
    billing_id = await payments.estimate(customer, 8_000)
    first = await _report(payments, customer, billing_id, 8_000)
    await _confirm(payments, first["transfer_id"], 7_500)
    billing = (
        await payments.client.get(f"/billings/{billing_id}", headers=payments.customer(customer))
    ).json()
    assert (billing["status"], billing["amount_due"]["amount"]) == ("open", 500)
    second = await _report(payments, customer, billing_id, 500)
    await _confirm(payments, second["transfer_id"], 500)
    billing = (
        await payments.client.get(f"/billings/{billing_id}", headers=payments.customer(customer))
    ).json()
    assert (billing["status"], billing["paid_by"]["transfer"]["amount"]) == ("paid", 8_000)
    assert [t["amount_received"]["amount"] for t in billing["transfers"]] == [7_500, 500]
    await payments.assert_books_balanced()


async def test_over_payment_goes_to_the_deposit(payments: Payments) -> None:
    customer = uuid.uuid4()
    async with capture(payments.amqp, payments.infra.names, "payments.#") as seen:
        billing_id = await payments.estimate(customer, 8_000)
        transfer = await _report(payments, customer, billing_id, 8_000)
        await _confirm(payments, transfer["transfer_id"], 9_000)
        [credited] = await seen.wait_for(DepositCredited)
        [paid] = await seen.wait_for(BillingPaid)
    assert (credited.amount.amount, credited.reason) == (1_000, LedgerReason.OVERPAYMENT)
    assert paid.paid_by_transfer.amount == 8_000
    assert await payments.balance(customer) == 1_000
    late = await payments.client.post(
        f"/billings/{billing_id}/transfers",
        json={"amount": 100, "payer_name": "YAMADA TARO", "transferred_on": "2026-01-05"},
        headers=payments.customer(customer),
    )
    assert late.status_code == 409
    await payments.assert_books_balanced()


async def test_rejected_transfer_keeps_the_billing_due(payments: Payments) -> None:
    customer = uuid.uuid4()
    billing_id = await payments.estimate(customer, 3_000)
    transfer = await _report(payments, customer, billing_id, 3_000)
    response = await payments.client.post(
        f"/transfers/{transfer['transfer_id']}/reject",
        json={"reason": "not on the account"},
        headers=payments.staff,
    )
    assert response.json()["status"] == "rejected"
    billing = (
        await payments.client.get(f"/billings/{billing_id}", headers=payments.customer(customer))
    ).json()
    assert (billing["status"], billing["amount_due"]["amount"]) == ("open", 3_000)


async def test_bad_transfer_reports_are_refused_with_a_reason(payments: Payments) -> None:
    customer = uuid.uuid4()
    billing_id = await payments.estimate(customer, 3_000)
    url = f"/billings/{billing_id}/transfers"
    future = await payments.client.post(
        url,
        json={"amount": 3_000, "payer_name": "A", "transferred_on": "2026-02-01"},
        headers=payments.customer(customer),
    )
    assert future.status_code == 400
    assert "future" in future.json()["detail"]
    negative = await payments.client.post(
        url,
        json={"amount": -1, "payer_name": "A", "transferred_on": "2026-01-05"},
        headers=payments.customer(customer),
    )
    assert negative.status_code == 422
    stranger = await payments.client.post(
        url,
        json={"amount": 3_000, "payer_name": "A", "transferred_on": "2026-01-05"},
        headers=payments.customer(uuid.uuid4()),
    )
    assert stranger.status_code == 404
