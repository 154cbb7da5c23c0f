"""The customer pages against a stand-in gateway: what they show and what they send to the API."""

from __future__ import annotations

import logging

import httpx
import pytest
from fastapi.testclient import TestClient
from sample_pages import FIRST, ITEM_A, ORDER_ID, PHOTO, billing, order_page, yen
from web_support import StandInGateway, csrf_of, sign_in


def test_order_page_has_seven_parts_and_the_green_button(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, order_page()))
    page = client.get(f"/orders/{ORDER_ID}").text
    for part in ("progress", "basic-info", "billing", "items", "shipping", "messages"):
        assert f'id="{part}"' in page
    assert 'class="tabs order-tabs"' in page
    assert f'id="next-action" href="/orders/{ORDER_ID}/pay/{FIRST}"' in page
    assert 'class="button go"' in page
    assert "¥4,184" in page
    assert "2026/12/02 09:30" in page  # placed_at in JST
    assert "この欄は現在表示できません" in page
    assert "messaging did not answer" in page


def test_quantity_change_patches_the_item_and_shows_the_recalculated_billing(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    pages = [order_page(total=4184)]
    stand_in.on("GET", f"/orders/{ORDER_ID}", lambda _: (200, pages[-1]))

    def patched(request: httpx.Request) -> tuple[int, object]:
        pages.append(order_page(total=6500))
        return 200, {"ok": True}

    stand_in.on("PATCH", f"/orders/{ORDER_ID}/items/{ITEM_A}", patched)
    token = csrf_of(client, f"/orders/{ORDER_ID}")
    answer = client.post(
        f"/orders/{ORDER_ID}/items/{ITEM_A}/quantity", data={"quantity": "3", "csrf_token": token}
    )
    assert stand_in.bodies("PATCH", f"/orders/{ORDER_ID}/items/{ITEM_A}") == [{"quantity": 3}]
    assert "数量を変更しました。1回目の請求を再計算しました。" in answer.text
    assert 'id="first-billing-total">¥6,500<' in answer.text


def test_a_refused_quantity_is_shown_next_to_the_item_with_the_api_reason(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, order_page()))
    stand_in.on(
        "PATCH",
        f"/orders/{ORDER_ID}/items/{ITEM_A}",
        (409, {"detail": "the item is no longer before payment", "code": "item_not_changeable"}),
    )
    token = csrf_of(client, f"/orders/{ORDER_ID}")
    answer = client.post(
        f"/orders/{ORDER_ID}/items/{ITEM_A}/quantity", data={"quantity": "3", "csrf_token": token}
    )
    assert answer.status_code == 409
    assert f'id="e-quantity-{ITEM_A}">the item is no longer before payment<' in answer.text


def test_new_order_form_sends_every_row_in_fen_and_reports_bad_prices(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("POST", "/orders", (201, {"order_id": ORDER_ID}))
    token = csrf_of(client, "/orders/new")
    address = {
        "name": "Hanako",
        "phone": "03-1234-5678",
        "postal_code": "100-0001",
        "prefecture": "東京都",
        "city": "千代田区",
        "line1": "1-1",
        "line2": "",
    }
    rows = {
        "items-0-url": "https://item.taobao.com/item.htm?id=1",
        "items-0-title": "Tote",
        "items-0-options": "colour: navy; size: M",
        "items-0-quantity": "2",
        "items-0-price": "45.5",
        "items-1-url": "https://detail.1688.com/offer/2.html",
        "items-1-title": "Mug",
        "items-1-options": "",
        "items-1-quantity": "1",
        "items-1-price": "28",
    }
    bad = client.post(
        "/orders/new",
        data={
            **rows,
            "items-1-price": "cheap",
            **address,
            "shipping_preference": "EMS",
            "csrf_token": token,
        },
    )
    assert bad.status_code == 422
    assert 'id="e-items-1-price"' in bad.text
    assert stand_in.bodies("POST", "/orders") == []
    good = client.post(
        "/orders/new",
        data={**rows, **address, "shipping_preference": "EMS", "csrf_token": token},
        follow_redirects=False,
    )
    assert good.status_code == 303
    (sent,) = stand_in.bodies("POST", "/orders")
    assert [i["expected_unit_price"]["amount"] for i in sent["items"]] == [4550, 2800]
    assert sent["items"][0]["options"] == {"colour": "navy", "size": "M"}
    assert sent["address"]["prefecture"] == "東京都"
    assert "line2" not in sent["address"]


def test_payment_page_uses_the_deposit_first_and_shows_the_card_fee_before_paypal(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, order_page(total=14184)))
    stand_in.on("GET", "/deposit", (200, {"customer_id": "x", "balance": yen(5000), "entries": []}))
    page = client.get(f"/orders/{ORDER_ID}/pay/{FIRST}").text
    assert 'id="from-deposit">¥5,000<' in page
    assert 'id="remaining">¥9,184<' in page
    stand_in.on(
        "POST",
        f"/orders/{ORDER_ID}/billings/{FIRST}/payments",
        (
            200,
            {
                "billing": billing(14184, paid=5000),
                "paid_by_deposit_now": yen(5000),
                "method": "card",
                "card": {
                    "paypal_order_id": "PP-1",
                    "approve_url": "http://paypal.test/checkoutnow?token=PP-1",
                    "amount": yen(9184),
                    "fee": yen(371),
                    "total": yen(9555),
                },
                "transfer": None,
            },
        ),
    )
    token = csrf_of(client, f"/orders/{ORDER_ID}/pay/{FIRST}")
    card = client.post(
        f"/orders/{ORDER_ID}/pay/{FIRST}",
        data={"method": "card", "revision": "2", "csrf_token": token},
    )
    assert stand_in.bodies("POST", f"/orders/{ORDER_ID}/billings/{FIRST}/payments") == [
        {"method": "card", "revision": 2}
    ]
    assert 'id="card-fee">¥371<' in card.text
    assert 'id="card-total">¥9,555<' in card.text
    assert 'href="http://paypal.test/checkoutnow?token=PP-1"' in card.text


def test_paypal_return_captures_and_links_back_to_the_order(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on(
        "POST", "/card-payments/PP-1/capture", (200, billing(4184, paid=4184, status="paid"))
    )
    page = client.get("/payments/card/return?token=PP-1").text
    assert "お支払いを受け付けました" in page
    assert f'href="/orders/{ORDER_ID}"' in page


def test_a_refused_attachment_is_explained_by_name(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, order_page()))
    stand_in.on(
        "GET",
        f"/orders/{ORDER_ID}/messages",
        (200, {"order_id": ORDER_ID, "window": {"open": True}, "unread_count": 0, "threads": []}),
    )
    stand_in.on(
        "POST",
        "/attachments",
        (
            415,
            {
                "detail": "only JPG, PNG, GIF, WEBP or PDF files are accepted",
                "code": "unsupported_attachment_type",
            },
        ),
    )
    token = csrf_of(client, f"/orders/{ORDER_ID}/messages")
    page = client.post(
        f"/orders/{ORDER_ID}/messages",
        data={"title": "Hello", "body": "see file", "csrf_token": token},
        files={"files": ("virus.jpg", b"MZ\x90\x00 not an image", "image/jpeg")},
    )
    assert page.status_code == 422
    assert "virus.jpg: 受け付けられません" in page.text
    assert "only JPG, PNG, GIF, WEBP or PDF files are accepted" in page.text
    assert stand_in.bodies("POST", f"/orders/{ORDER_ID}/messages") == []
    assert "filename=virus.jpg" in str(
        next(c for c in stand_in.calls if c.url.path.endswith("/attachments")).url
    )


def test_photos_are_served_through_the_site_as_images(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on(
        "GET",
        f"/orders/{ORDER_ID}",
        (200, order_page(status="at_warehouse", action="check_photos", photos=[PHOTO])),
    )
    stand_in.on("GET", f"/orders/{ORDER_ID}/photos/{PHOTO}", (200, b"\x89PNG fake"))
    gallery = client.get(f"/orders/{ORDER_ID}/photos").text
    assert f'src="/orders/{ORDER_ID}/photos/{PHOTO}"' in gallery
    assert 'id="photos-checked"' in gallery
    image = client.get(f"/orders/{ORDER_ID}/photos/{PHOTO}")
    assert image.headers["x-content-type-options"] == "nosniff"
    assert image.content.startswith(b"\x89PNG")
    sent = next(c for c in stand_in.calls if c.url.path.endswith(PHOTO))
    assert sent.headers["authorization"] == "Bearer tok-123"


def test_order_list_has_three_tabs_and_pages(client: TestClient, stand_in: StandInGateway) -> None:
    sign_in(client, stand_in)
    rows = [
        {
            "order_id": ORDER_ID,
            "order_number": f"DK-{n:06d}",
            "customer_id": "c",
            "status": "completed",
            "action_required": None,
            "placed_at": "2026-12-01T00:00:00Z",
            "item_count": 2,
            "first_item_title": "Tote",
            "total": yen(4184),
        }
        for n in range(10)
    ]
    stand_in.on("GET", "/orders", (200, {"orders": rows, "total": 25, "limit": 10, "offset": 10}))
    page = client.get("/orders?tab=completed&page=2").text
    for tab in ("ongoing", "completed", "cancelled"):
        assert f'id="tab-{tab}"' in page
    assert 'id="tab-completed" aria-current="page"' in page
    assert "2 / 3 ページ" in page
    listing = next(c for c in stand_in.calls if c.url.path == "/api/v1/orders")
    assert listing.url.params["tab"] == "completed"
    assert listing.url.params["offset"] == "10"


def _with_estimate(**fields: str) -> dict[str, object]:
    page = order_page()
    page["basic_info"]["data"]["estimate"].update(fields)  # type: ignore[index]
    return page


def test_the_order_page_says_when_a_reported_transfer_holds_the_deadline_and_the_grace_after(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    held = _with_estimate(payment_deadline_held_since="2026-12-08T03:00:00Z")
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, held))
    page = client.get(f"/orders/{ORDER_ID}").text
    assert 'id="deadline-held"' in page
    assert "2026/12/08 12:00 からお支払い期限を保留しています" in page
    assert "までにお支払いください" not in page
    grace = _with_estimate(payment_grace_until="2026-12-10T15:00:00Z")
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, grace))
    page = client.get(f"/orders/{ORDER_ID}").text
    assert 'id="deadline-held"' not in page
    assert "銀行振込を確認できませんでした。2026/12/11 00:00 までにお支払いください" in page
    token = csrf_of(client, f"/orders/{ORDER_ID}")
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": token})
    english = client.get(f"/orders/{ORDER_ID}").text
    assert "We could not confirm the bank transfer you reported. Please pay by" in english
    stand_in.on("GET", f"/orders/{ORDER_ID}", (200, held))
    english = client.get(f"/orders/{ORDER_ID}").text
    assert "Your payment deadline is on hold since" in english


def test_a_busy_api_shows_a_page_saying_to_try_again_with_its_retry_after(
    client: TestClient, stand_in: StandInGateway, caplog: pytest.LogCaptureFixture
) -> None:
    sign_in(client, stand_in)
    busy = {"detail": "the service is busy; try again shortly", "code": "busy"}
    stand_in.on(
        "GET",
        f"/orders/{ORDER_ID}",
        lambda _: httpx.Response(503, json=busy, headers={"Retry-After": "2"}),
    )
    with caplog.at_level(logging.WARNING, logger="daikou_web.wiring"):
        page = client.get(f"/orders/{ORDER_ID}")

    assert page.status_code == 503
    assert page.headers["retry-after"] == "2"
    assert "ただいま混み合っています。少し時間をおいてもう一度お試しください。" in page.text
    assert f"GET /orders/{ORDER_ID}: the API failed: 503 busy" in caplog.text


def test_an_api_failure_is_a_bad_gateway_page_and_is_logged(
    client: TestClient, stand_in: StandInGateway, caplog: pytest.LogCaptureFixture
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", f"/orders/{ORDER_ID}", (500, {"detail": "boom", "code": "internal"}))
    with caplog.at_level(logging.WARNING, logger="daikou_web.wiring"):
        page = client.get(f"/orders/{ORDER_ID}")

    assert page.status_code == 502
    assert "retry-after" not in page.headers
    assert "boom" in page.text
    assert "500 internal: boom" in caplog.text
