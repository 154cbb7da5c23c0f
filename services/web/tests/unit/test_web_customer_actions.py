"""More of the customer's actions against a stand-in gateway: the reception report, the purchase
condition, the deposit's history, and API validation errors placed on the right row of the form."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sample_pages import ITEM_A, ORDER_ID, order_page, yen
from web_support import StandInGateway, csrf_of, sign_in

ADDRESS = {
    "name": "Hanako",
    "phone": "03-1234-5678",
    "postal_code": "100-0001",
    "prefecture": "Tokyo",
    "city": "Chiyoda",
    "line1": "1-1",
    "line2": "",
}


def test_a_problem_report_needs_a_comment_and_sends_its_photos(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on(
        "GET", f"/orders/{ORDER_ID}", (200, order_page(status="shipped", action="report_reception"))
    )
    stand_in.on(
        "POST", "/attachments", (201, {"attachment_id": "a1b2c3d4-0000-4000-8000-000000000001"})
    )
    stand_in.on("POST", f"/orders/{ORDER_ID}/reception-report", (200, {"ok": True}))
    token = csrf_of(client, f"/orders/{ORDER_ID}/reception")
    photo = ("broken.png", b"\x89PNG\r\n\x1a\n...", "image/png")
    silent = client.post(
        f"/orders/{ORDER_ID}/reception",
        data={"result": "problem", "comment": "", "csrf_token": token},
        files={"files": photo},
    )
    assert silent.status_code == 422
    assert 'id="e-comment"' in silent.text
    assert stand_in.bodies("POST", f"/orders/{ORDER_ID}/reception-report") == []
    sent = client.post(
        f"/orders/{ORDER_ID}/reception",
        data={"result": "problem", "comment": "the handle is broken", "csrf_token": token},
        files={"files": photo},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    (report,) = stand_in.bodies("POST", f"/orders/{ORDER_ID}/reception-report")
    assert report == {
        "result": "problem",
        "comment": "the handle is broken",
        "public": False,
        "attachment_ids": ["a1b2c3d4-0000-4000-8000-000000000001"],
    }


def test_a_purchase_condition_is_sent_for_its_item(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, order_page()))
    path = f"/orders/{ORDER_ID}/items/{ITEM_A}/purchase-condition"
    stand_in.on("POST", path, (201, {"message_id": "m"}))
    token = csrf_of(client, f"/orders/{ORDER_ID}")
    empty = client.post(
        f"/orders/{ORDER_ID}/items/{ITEM_A}/condition", data={"question": " ", "csrf_token": token}
    )
    assert f'id="e-condition-{ITEM_A}"' in empty.text
    done = client.post(
        f"/orders/{ORDER_ID}/items/{ITEM_A}/condition",
        data={"question": "Is the navy one in stock?", "csrf_token": token},
    )
    (body,) = stand_in.bodies("POST", path)
    assert body["body"] == "Is the navy one in stock?"
    assert "確認事項を送りました" in done.text


def test_the_deposit_page_shows_the_balance_and_its_history(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    entries = [
        {
            "entry_id": "e1",
            "amount": yen(5000),
            "reason": "top_up",
            "balance_after": yen(5000),
            "order_id": None,
            "billing_id": None,
            "note": "bank",
            "created_at": "2026-12-01T01:00:00Z",
        },
        {
            "entry_id": "e2",
            "amount": yen(-4184),
            "reason": "payment",
            "balance_after": yen(816),
            "order_id": ORDER_ID,
            "billing_id": None,
            "note": "",
            "created_at": "2026-12-02T01:00:00Z",
        },
    ]
    stand_in.on(
        "GET", "/deposit", (200, {"customer_id": "c", "balance": yen(816), "entries": entries})
    )
    page = client.get("/deposit").text
    assert 'id="deposit-balance">¥816<' in page
    assert "-¥4,184" in page
    assert "入金" in page
    assert f'href="/orders/{ORDER_ID}"' in page


def item_row(index: int, *, url: str, title: str, price: str = "10") -> dict[str, str]:
    """One row of the new order form, quantity 1 and no options."""
    values = {"url": url, "title": title, "options": "", "quantity": "1", "price": price}
    return {f"items-{index}-{name}": value for name, value in values.items()}


def test_an_api_validation_error_lands_on_the_row_it_concerns(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    refusal = {
        "detail": [
            {
                "loc": ["body", "items", 1, "url"],
                "msg": "not a marketplace link",
                "type": "value_error",
            }
        ]
    }
    stand_in.on("POST", "/orders", (422, refusal))
    token = csrf_of(client, "/orders/new")
    rows = {
        **item_row(0, url="", title="", price=""),  # left empty: the API's item 1 is row 2
        **item_row(1, url="https://item.taobao.com/item.htm?id=1", title="Tote"),
        **item_row(2, url="https://example.com/x", title="Odd"),
    }
    page = client.post(
        "/orders/new", data={**rows, **ADDRESS, "shipping_preference": "EMS", "csrf_token": token}
    )
    assert page.status_code == 422
    assert (
        '<p class="error" id="e-items-2-url" role="alert">not a marketplace link</p>' in page.text
    )
    (sent,) = stand_in.bodies("POST", "/orders")
    assert len(sent["items"]) == 2


BLANK = "Value error, must not be blank (only spaces or line breaks)"
TOO_LONG = "String should have at most 300 characters"


@pytest.mark.parametrize(
    ("refused", "title", "shown"),
    [
        (
            {"loc": ["body", "items", 0, "title"], "msg": BLANK, "type": "value_error"},
            "\u3000",
            'id="e-items-0-title" role="alert">空白以外の文字を入力してください。</p>',
        ),
        (
            {
                "loc": ["body", "items", 0, "options", "colour"],
                "msg": TOO_LONG,
                "type": "string_too_long",
                "ctx": {"max_length": 300},
            },
            "a coat",
            "300 文字以内で入力してください。",
        ),
    ],
    ids=["blank", "too-long"],
)
def test_what_the_api_refused_is_explained_in_the_page_s_language(
    client: TestClient, stand_in: StandInGateway, refused: dict[str, Any], title: str, shown: str
) -> None:
    sign_in(client, stand_in)
    stand_in.on("POST", "/orders", (422, {"detail": [refused]}))
    token = csrf_of(client, "/orders/new")
    row = item_row(0, url="https://item.taobao.com/item.htm?id=1", title=title)
    page = client.post(
        "/orders/new", data={**row, **ADDRESS, "shipping_preference": "EMS", "csrf_token": token}
    )
    assert page.status_code == 422
    assert shown in page.text
    assert refused["msg"] not in page.text
