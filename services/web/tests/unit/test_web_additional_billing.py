"""An additional billing (a cost after the 2nd billing was paid) on the order and payment pages."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sample_pages import ORDER_ID, billing, order_page, yen
from web_support import StandInGateway, csrf_of, sign_in

EXTRA = "0b7e4c1e-6666-4a4a-9c9c-000000000006"


def _with_additional(status: str, action: str | None = None) -> dict[str, Any]:
    page = order_page(action=action)
    extra = {
        **billing(215, status=status),
        "billing_id": EXTRA,
        "kind": "additional",
        "revision": 1,
        "lines": [
            {
                "code": "exchange_return_shipping",
                "description": "Local shipping for returned (case 1a2b3c4d)",
                "amount": yen(215),
            }
        ],
    }
    page["billing"]["data"]["additional"] = [extra]
    return page


def test_an_open_additional_billing_is_shown_with_its_pay_button_as_the_next_step(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, _with_additional("open")))
    page = client.get(f"/orders/{ORDER_ID}").text
    pay = f"/orders/{ORDER_ID}/pay/{EXTRA}"
    assert 'id="billing-additional-1"' in page
    assert "追加請求" in page
    assert "Local shipping for returned (case 1a2b3c4d)" in page
    assert f'id="pay-additional-1" href="{pay}"' in page
    assert f'id="next-action" href="{pay}"' in page


def test_a_paid_additional_billing_has_no_pay_button(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, _with_additional("paid", "report_reception")))
    page = client.get(f"/orders/{ORDER_ID}").text
    assert 'id="billing-additional-1"' in page
    assert 'id="pay-additional-1"' not in page
    assert f'id="next-action" href="/orders/{ORDER_ID}/reception"' in page


def test_an_additional_billing_is_paid_deposit_first_naming_its_revision(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, _with_additional("open")))
    stand_in.on("GET", "/deposit", (200, {"customer_id": "x", "balance": yen(100), "entries": []}))
    url = f"/orders/{ORDER_ID}/pay/{EXTRA}"
    page = client.get(url).text
    assert "追加請求" in page
    assert 'id="from-deposit">¥100<' in page
    assert 'id="remaining">¥115<' in page
    assert 'name="revision" value="1"' in page
    stand_in.on(
        "POST",
        f"/orders/{ORDER_ID}/billings/{EXTRA}/payments",
        (
            200,
            {
                "billing": {**billing(215, paid=100), "billing_id": EXTRA, "kind": "additional"},
                "paid_by_deposit_now": yen(100),
                "method": "transfer",
                "card": None,
                "transfer": {"bank_account": "MUFG 1234567", "amount": yen(115)},
            },
        ),
    )
    token = csrf_of(client, url)
    answer = client.post(url, data={"method": "transfer", "revision": "1", "csrf_token": token})
    assert answer.status_code == 200
    assert stand_in.bodies("POST", f"/orders/{ORDER_ID}/billings/{EXTRA}/payments") == [
        {"method": "transfer", "revision": 1}
    ]


def test_the_statement_lists_each_additional_billing_with_what_is_still_due(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    extra = {
        "kind": "additional",
        "status": "open",
        "revision": 1,
        "total": yen(215),
        "amount_paid": yen(100),
        "amount_due": yen(115),
        "paid_by": {"deposit": yen(100), "transfer": yen(0), "card": yen(0)},
        "revisions": [
            {"revision": 1, "total": yen(215), "lines": [], "recorded_at": "2026-12-09T03:00:00Z"}
        ],
    }
    statement = {
        "order_id": ORDER_ID,
        "billings": [{**extra, "billing_id": EXTRA}, {**extra, "billing_id": ORDER_ID}],
        "lines": [
            {"kind": "billed", "description": "b", "amount": yen(430), "billing_id": EXTRA},
            {"kind": "paid_deposit", "description": "d", "amount": yen(-200), "billing_id": EXTRA},
        ],
        "totals": {
            "billed": yen(430),
            "paid": yen(200),
            "card_fees": yen(0),
            "refunded": yen(0),
            "credited_to_deposit": yen(0),
        },
        "balance": yen(230),
        "due": yen(230),
        "sums": True,
    }
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, _with_additional("open")))
    stand_in.on("GET", f"/orders/{ORDER_ID}/statement", (200, statement))
    text = client.get(f"/orders/{ORDER_ID}/statement").text
    assert 'id="statement-billing-additional-1"' in text
    assert 'id="statement-billing-additional-2"' in text
    assert text.count("追加請求") >= 2
    assert 'id="statement-due">¥230<' in text
