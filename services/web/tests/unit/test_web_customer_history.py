"""The order's history and money statement in the customer's terms, against a stand-in gateway."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sample_pages import ORDER_ID, order_page, yen
from web_support import StandInGateway, csrf_of, sign_in

from daikou_web import history_labels
from daikou_web.i18n import set_language

ORDERS_SRC = Path(__file__).parents[3] / "orders" / "src" / "daikou_orders"
BILLING = "b1111111-2222-4333-8444-555555555555"
HISTORY = [
    {"at": "2026-12-02T00:30:00Z", "actor": "customer", "what": "status", "from_status": None,
     "to_status": "applied", "reason": "", "item_id": None},
    {"at": "2026-12-02T03:00:00Z", "actor": "staff", "what": "status",
     "from_status": "applied", "to_status": "awaiting_first_payment", "reason": "", "item_id": None},
    {"at": "2026-12-02T04:00:00Z", "actor": "system", "what": "billing_mismatch",
     "from_status": "purchasing", "to_status": "purchasing", "reason": "", "item_id": None},
]  # fmt: skip
STATEMENT = {
    "order_id": ORDER_ID,
    "billings": [
        {
            "billing_id": BILLING,
            "kind": "first",
            "status": "paid",
            "revision": 2,
            "total": yen(4184),
            "amount_paid": yen(4184),
            "amount_due": yen(0),
            "paid_by": {"deposit": yen(1000), "transfer": yen(0), "card": yen(3184)},
            "revisions": [
                {"revision": 1, "total": yen(3500), "lines": [], "recorded_at": "2026-12-02T03:00:00Z"},
                {"revision": 2, "total": yen(4184), "lines": [], "recorded_at": "2026-12-02T05:00:00Z"},
            ],
        }
    ],
    "lines": [
        {"kind": "billed", "description": "first billing, revision 2", "amount": yen(4184),
         "billing_id": BILLING},
        {"kind": "paid_deposit", "description": "paid by deposit", "amount": yen(-1000),
         "billing_id": BILLING},
        {"kind": "paid_card", "description": "paid by card", "amount": yen(-3184),
         "billing_id": BILLING},
    ],
    "totals": {"billed": yen(4184), "paid": yen(4184), "card_fees": yen(0), "refunded": yen(0),
               "credited_to_deposit": yen(0)},
    "balance": yen(0),
    "due": yen(0),
    "sums": True,
}  # fmt: skip


def history_codes_of_orders() -> set[str]:
    """Every `what="..."` the orders service writes into a history entry."""
    codes = set()
    for path in ORDERS_SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.keyword)
                and node.arg == "what"
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                codes.add(node.value.value)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_note":
                codes.update(
                    a.value for a in node.args if isinstance(a, ast.Constant) and "_" in a.value
                )
    return codes


def test_every_known_history_code_has_a_japanese_wording() -> None:
    codes = history_codes_of_orders()
    assert {"status", "billing_mismatch", "payment_deadline_held"} <= codes
    assert codes <= history_labels.HISTORY.keys(), codes - history_labels.HISTORY.keys()
    entry = {"to_status": "purchasing", "from_status": "applied"}
    for code in codes | history_labels.HISTORY.keys():
        set_language("en")
        english = history_labels.history_entry({**entry, "what": code})
        set_language("ja")
        japanese = history_labels.history_entry({**entry, "what": code})
        assert japanese != english, code
        assert all(ord(c) > 0x3000 for c in japanese[:1]), (code, japanese)
        assert "_" not in code or (code not in japanese and code not in english)
    set_language("ja")


@pytest.mark.parametrize(
    ("actor", "said"), [("customer", "お客様"), ("staff", "スタッフ"), ("system", "自動")]
)
def test_actors_are_you_our_staff_or_automatically(
    client: TestClient, stand_in: StandInGateway, actor: str, said: str
) -> None:
    sign_in(client, stand_in)
    page = order_page()
    page["progress"]["data"]["history"] = [{**HISTORY[0], "actor": actor}]
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, page))
    text = client.get(f"/orders/{ORDER_ID}").text
    assert f"2026/12/02 09:30 · {said}</span> 注文を受け付けました。" in text


def test_order_page_history_speaks_the_customers_terms(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    page = order_page()
    page["progress"]["data"]["history"] = HISTORY
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, page))
    text = client.get(f"/orders/{ORDER_ID}").text
    history = text[text.index('id="history"') : text.index("</ol>", text.index('id="history"'))]
    assert "注文の状態が「1回目のお支払い待ち」になりました。" in history
    assert "お支払い額が請求額と一致しませんでした。スタッフが確認しています。" in history
    assert "billing_mismatch" not in history
    assert history.index("一致しませんでした") < history.index(
        "注文を受け付けました"
    )  # newest first
    token = csrf_of(client, f"/orders/{ORDER_ID}")
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": token})
    english = client.get(f"/orders/{ORDER_ID}").text
    assert "2 Dec 2026, 09:30 JST · you</span> The order was placed." in english
    assert "automatically</span> The amount paid did not match the billing" in english


def test_unknown_history_code_is_never_shown_as_a_code(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    page = order_page()
    page["progress"]["data"]["history"] = [{**HISTORY[0], "what": "secret_internal_code"}]
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, page))
    text = client.get(f"/orders/{ORDER_ID}").text
    assert "secret_internal_code" not in text
    assert "注文が更新されました。" in text


def test_statement_page_shows_billings_payments_and_the_balance_in_yen(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, order_page()))
    stand_in.on("GET", f"/orders/{ORDER_ID}/statement", (200, STATEMENT))
    order = client.get(f"/orders/{ORDER_ID}").text
    assert f'id="open-statement" href="/orders/{ORDER_ID}/statement"' in order
    text = client.get(f"/orders/{ORDER_ID}/statement").text
    assert "お金の明細" in text
    assert "見積もり" in text
    assert "第2版" in text
    assert "¥3,500" in text
    assert "デポジットからのお支払い" in text
    assert "カードでのお支払い" in text
    assert "¥4,184" in text
    assert "-¥3,184" in text
    assert 'id="statement-balance">¥0<' in text
    assert "paid by deposit" not in text


def test_statement_page_needs_a_signed_in_customer(
    client: TestClient, stand_in: StandInGateway
) -> None:
    answer = client.get(f"/orders/{ORDER_ID}/statement", follow_redirects=False)
    assert answer.status_code in {303, 307}
    assert "/sign-in" in answer.headers["location"]


def test_statement_page_in_english(client: TestClient, stand_in: StandInGateway) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, order_page()))
    stand_in.on("GET", f"/orders/{ORDER_ID}/statement", (200, STATEMENT))
    token = csrf_of(client, f"/orders/{ORDER_ID}")
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": token})
    text = client.get(f"/orders/{ORDER_ID}/statement").text
    assert "Paid from your deposit" in text
    assert 'id="statement-due">¥0<' in text
