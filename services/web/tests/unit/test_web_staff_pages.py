"""Staff pages against a stand-in gateway: role-based access, what each form sends to the API, and
refusals shown next to the field or entry they concern."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
from fastapi.testclient import TestClient
from web_support import (
    STAFF_ITEM as ITEM,
)
from web_support import (
    STAFF_ORDER as ORDER,
)
from web_support import (
    StandInGateway,
    csrf_of,
    open_estimate_form,
    sign_in,
    staff_order_page,
    staff_queues,
)

TRANSFER = "4f1f0000-0000-4000-8000-000000000001"
SINCE = "2026-12-01T00:00:00Z"


def entry(**extra: Any) -> dict[str, Any]:
    base = {
        "order_id": ORDER,
        "order_number": "DK-20261201-ABCDEF",
        "customer_id": ORDER,
        "waiting_since": SINCE,
        "item_id": ITEM,
        "title": "Canvas tote",
        "url": "https://item.taobao.com/item.htm?id=1",
        "quantity": 2,
        "arrived_quantity": 0,
        "case_id": None,
        "note": None,
    }
    return {**base, **extra}


def test_staff_home_shows_each_queue_with_its_size_by_role(
    client: TestClient, stand_in: StandInGateway
) -> None:
    staff_queues(stand_in, purchase=[entry(), entry()], arrivals=[entry()])
    sign_in(client, stand_in, role="ops")
    page = client.get("/staff")
    assert page.status_code == 200
    assert "購入する商品" in page.text
    assert re.search(r'id="queue-purchase".*?<span class="count busy">2</span>', page.text, re.S)
    assert 'href="/ops/dashboard"' in page.text
    warehouse = TestClient(client.app, base_url="http://site.test")
    with warehouse:
        sign_in(warehouse, stand_in, role="warehouse")
        page = warehouse.get("/staff")
        assert 'id="queue-arrivals"' in page.text
        assert 'id="queue-purchase"' not in page.text
        refused = warehouse.get("/staff/ops/transfers", follow_redirects=False)
        assert refused.status_code == 303
        assert refused.headers["location"].startswith("/sign-in")


def test_customers_are_sent_to_sign_in_from_staff_pages(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in, role="customer")
    for path in ("/staff", "/staff/warehouse/inspection", "/ops/dashboard"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/sign-in"), path


def test_the_estimate_form_sends_fen_and_the_rate_and_shows_bad_amounts_at_their_field(
    client: TestClient, stand_in: StandInGateway
) -> None:
    stand_in.on("POST", f"/staff/orders/{ORDER}/estimate", (200, {}))
    token = open_estimate_form(client, stand_in)
    bad = client.post(
        f"/staff/ops/estimate/{ORDER}",
        data={
            f"unit_price_{ITEM}": "abc",
            f"shipping_{ITEM}": "5",
            "rate": "",
            "csrf_token": token,
        },
    )
    assert bad.status_code == 400
    assert re.search(rf'id="f-unit_price_{ITEM}".*?class="error"', bad.text, re.S)
    assert 'id="e-rate"' in bad.text
    assert stand_in.bodies("POST", f"/staff/orders/{ORDER}/estimate") == []
    good = client.post(
        f"/staff/ops/estimate/{ORDER}",
        data={
            f"unit_price_{ITEM}": "12.5",
            f"shipping_{ITEM}": "5",
            "rate": "21.3",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert good.status_code == 303
    (sent,) = stand_in.bodies("POST", f"/staff/orders/{ORDER}/estimate")
    assert sent["items"] == [
        {
            "item_id": ITEM,
            "unit_price": {"amount": 1250, "currency": "CNY"},
            "domestic_shipping": {"amount": 500, "currency": "CNY"},
        }
    ]
    assert sent["rate"] == {"base": "CNY", "quote": "JPY", "rate": "21.3", "rounding": "up"}
    assert "service_fee" not in sent


def _transfers(stand_in: StandInGateway) -> None:
    transfer = {
        "transfer_id": TRANSFER,
        "billing_id": ITEM,
        "order_id": ORDER,
        "customer_id": ORDER,
        "amount": {"amount": 4184, "currency": "JPY"},
        "payer_name": "ヤマダ ハナコ",
        "transferred_on": "2026-12-01",
        "status": "reported",
        "reported_at": SINCE,
        "expected_confirmation_by": "2026-12-02T09:00:00Z",
        "amount_received": None,
        "decided_at": None,
        "reason": "",
    }
    stand_in.on("GET", "/staff/transfers", (200, [transfer]))


def test_confirming_a_transfer_sends_the_amount_and_a_refusal_shows_at_the_transfer(
    client: TestClient, stand_in: StandInGateway
) -> None:
    _transfers(stand_in)
    sign_in(client, stand_in, role="ops")
    page = client.get("/staff/ops/transfers")
    assert "¥4,184" in page.text
    assert "ヤマダ ハナコ" in page.text
    token = csrf_of(client, "/staff/ops/transfers")
    stand_in.on("POST", f"/staff/transfers/{TRANSFER}/confirm", (200, {}))
    done = client.post(
        f"/staff/ops/transfers/{TRANSFER}/confirm",
        data={"amount_received": "4184", "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert stand_in.bodies("POST", f"/staff/transfers/{TRANSFER}/confirm") == [
        {"amount_received": 4184}
    ]
    refusal = {"detail": "transfer is already confirmed", "code": "transfer_decided"}
    stand_in.on("POST", f"/staff/transfers/{TRANSFER}/reject", (409, refusal))
    refused = client.post(
        f"/staff/ops/transfers/{TRANSFER}/reject", data={"reason": "no money", "csrf_token": token}
    )
    assert refused.status_code == 409
    assert re.search(
        rf'id="transfer-{TRANSFER}".*?transfer is already confirmed', refused.text, re.S
    )
    empty = client.post(
        f"/staff/ops/transfers/{TRANSFER}/confirm",
        data={"amount_received": "-3", "csrf_token": token},
    )
    assert empty.status_code == 400
    assert 'role="alert"' in empty.text


def test_inspection_sends_every_photo_at_once_and_shows_a_refusal_next_to_the_photos(
    client: TestClient, stand_in: StandInGateway
) -> None:
    received: list[httpx.Request] = []

    def inspection(request: httpx.Request) -> tuple[int, Any]:
        received.append(request)
        return 201, {}

    path = f"/staff/orders/{ORDER}/items/{ITEM}/inspection"
    stand_in.on("POST", path, inspection)
    sign_in(client, stand_in, role="warehouse")
    form_url = f"/staff/warehouse/orders/{ORDER}/items/{ITEM}/inspect"
    token = csrf_of(client, form_url)
    photos = [
        ("photos", (f"p{n}.jpg", b"\xff\xd8\xff" + bytes([n]) * 50, "image/jpeg")) for n in range(3)
    ]
    data = {"quantity_received": "2", "type_matches": "yes", "csrf_token": token}
    done = client.post(form_url, data=data, files=photos, follow_redirects=False)
    assert done.status_code == 303, done.text
    (sent,) = received
    assert sent.headers["content-type"].startswith("multipart/form-data")
    assert sent.content.count(b'name="photos"') == 3
    assert b'name="type_matches"\r\n\r\ntrue' in sent.content
    stand_in.on(
        "POST",
        path,
        (415, {"detail": "p0.jpg is not a JPEG, PNG, GIF or WEBP", "code": "not_an_image"}),
    )
    refused = client.post(form_url, data=data, files=photos)
    assert refused.status_code == 415
    assert re.search(r'id="e-photos"[^>]*>[^<]*is not a JPEG', refused.text)
    none = client.post(form_url, data=data)
    assert none.status_code == 400
    assert 'id="e-photos"' in none.text


def test_packing_shows_the_calculated_fee_and_sends_the_parcels(
    client: TestClient, stand_in: StandInGateway
) -> None:
    staff_queues(stand_in, packing=[entry(item_id=None)])
    stand_in.on("GET", "/shipping/methods", (200, [{"method": "ems", "label": "EMS"}]))
    quote = {
        "quotes": [
            {
                "method": "ems",
                "label": "EMS",
                "available": True,
                "reason": "",
                "volumetric_weight_g": 1200,
                "chargeable_weight_g": 1500,
                "fee": {"amount": 3150, "currency": "JPY"},
            }
        ]
    }
    stand_in.on("GET", "/shipping/quote", (200, quote))
    packed = {"international_fee": {"amount": 3150, "currency": "JPY"}}
    stand_in.on("POST", f"/staff/orders/{ORDER}/packing", (201, packed))
    sign_in(client, stand_in, role="warehouse")
    fee = client.get(
        "/staff/warehouse/quote",
        params={
            "method": "ems",
            "weight_g_0": "1400",
            "length_cm_0": "30",
            "width_cm_0": "20",
            "height_cm_0": "10",
        },
    )
    assert "¥3,150" in fee.text
    token = csrf_of(client, "/staff/warehouse/packing")
    form = {
        "method": "ems",
        "weight_g_0": "1400",
        "length_cm_0": "30",
        "width_cm_0": "20",
        "height_cm_0": "10",
        "csrf_token": token,
    }
    done = client.post(
        f"/staff/warehouse/orders/{ORDER}/packing", data=form, follow_redirects=False
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/staff/warehouse/packing?done=packed&fee=3150"
    (sent,) = stand_in.bodies("POST", f"/staff/orders/{ORDER}/packing")
    assert sent == {
        "method": "ems",
        "parcels": [{"weight_g": 1400, "length_cm": 30, "width_cm": 20, "height_cm": 10}],
    }
    bad = client.post(
        f"/staff/warehouse/orders/{ORDER}/packing", data={**form, "weight_g_0": "heavy"}
    )
    assert bad.status_code == 400
    assert re.search(r'id="weight_g_0-[^"]+".*?class="error"', bad.text, re.S)


def _dashboard(stand_in: StandInGateway) -> None:
    board = {
        "as_of": SINCE,
        "window_hours": 24,
        "event_counts": [{"message_type": "orders.order_placed", "count": 7, "last_at": SINCE}],
        "orders_by_status": {"applied": 4, "purchasing": 2, "completed": 0},
        "deadlines": {
            "pending": 3,
            "overdue": 1,
            "next_due_at": SINCE,
            "window_hours": 24,
            "late_threshold_ms": 5000,
            "fired": 9,
            "fired_late": 0,
            "max_lateness_ms": 900,
            "p95_lateness_ms": 700,
        },
        "unavailable": [],
    }
    stand_in.on("GET", "/staff/dashboard", (200, board))


def test_the_dashboard_shows_figures_a_chart_and_never_the_token(
    client: TestClient, stand_in: StandInGateway
) -> None:
    _dashboard(stand_in)
    sign_in(client, stand_in, role="ops")
    page = client.get("/ops/dashboard?order_id=not-a-uuid&service=orders&type=orders.order_placed")
    assert page.status_code == 200
    assert "tok-123" not in page.text
    assert "<svg" in page.text
    assert page.text.count('class="bar bar-') == 3
    assert 'width="340"' in page.text
    assert 'width="170"' in page.text
    assert "orders.order_placed" in page.text
    assert (
        'data-stream="/ops/dashboard/stream?order_id=&amp;service=orders&amp;type=orders.order_placed"'
        in page.text
    )
    assert '<script src="/static/dashboard.js"' in page.text


def test_the_event_stream_is_relayed_with_the_token_added_by_the_server(
    client: TestClient, stand_in: StandInGateway
) -> None:
    seen: list[httpx.Request] = []
    body = b'event: subscribed\ndata: {"keys": ["orders.#"]}\n\nevent: event\ndata: {"type": "orders.order_placed"}\n\n'

    def events(request: httpx.Request) -> tuple[int, Any]:
        seen.append(request)
        return 200, body

    stand_in.on("GET", "/staff/events", events)
    sign_in(client, stand_in, role="ops")
    order = "0b6f3c5e-4c1e-4d43-9a55-6f6f0c1a2b3c"
    answer = client.get(f"/ops/dashboard/stream?service=orders&order_id={order}")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/event-stream")
    assert answer.content == body
    (upstream,) = seen
    assert upstream.headers["authorization"] == "Bearer tok-123"
    assert upstream.url.params.get_list("key") == ["orders.#"]
    assert upstream.url.params["order_id"] == order
    stand_in.on("GET", "/staff/events", (403, {"detail": "no", "code": "forbidden_for_role"}))
    refused = client.get("/ops/dashboard/stream")
    assert refused.content == b"event: unavailable\ndata: 403\n\n"


def test_staff_pages_switch_to_english(client: TestClient, stand_in: StandInGateway) -> None:
    staff_queues(stand_in)
    sign_in(client, stand_in, role="warehouse")
    token = csrf_of(client, "/staff")
    client.post("/language", data={"lang": "en", "next": "/staff", "csrf_token": token})
    page = client.get("/staff/warehouse/arrivals")
    assert "Arrivals expected" in page.text
    assert "Nothing waits here." in page.text


def test_the_deposit_page_finds_the_customer_and_credits_yen(
    client: TestClient, stand_in: StandInGateway
) -> None:
    customer = {
        "id": ORDER,
        "email": "hanako@example.jp",
        "display_name": "Hanako",
        "created_at": SINCE,
    }
    stand_in.on("GET", "/staff/customers", (200, customer))
    deposit = {"customer_id": ORDER, "balance": {"amount": 1000, "currency": "JPY"}, "entries": []}
    stand_in.on("GET", f"/staff/deposits/{ORDER}", (200, deposit))
    stand_in.on("POST", f"/staff/deposits/{ORDER}/top-ups", (201, deposit))
    sign_in(client, stand_in, role="ops")
    page = client.get("/staff/ops/deposits?email=hanako@example.jp")
    assert "¥1,000" in page.text
    token = csrf_of(client, "/staff/ops/deposits?email=hanako@example.jp")
    form = {
        "email": "hanako@example.jp",
        "amount": "5000",
        "reason": "top_up",
        "note": "bank",
        "csrf_token": token,
    }
    done = client.post(f"/staff/ops/deposits/{ORDER}/top-ups", data=form, follow_redirects=False)
    assert done.status_code == 303
    assert stand_in.bodies("POST", f"/staff/deposits/{ORDER}/top-ups") == [
        {"amount": {"amount": 5000, "currency": "JPY"}, "reason": "top_up", "note": "bank"}
    ]
    negative = client.post(f"/staff/ops/deposits/{ORDER}/top-ups", data={**form, "amount": "-5"})
    assert negative.status_code == 400
    assert 'id="e-amount"' in negative.text
    assert json.dumps(1) == "1"


def test_top_up_transfers_are_confirmed_from_the_deposit_page(
    client: TestClient, stand_in: StandInGateway
) -> None:
    report = {
        "transfer_id": TRANSFER,
        "customer_id": ORDER,
        "amount": {"amount": 20000, "currency": "JPY"},
        "payer_name": "ヤマダ ハナコ",
        "transferred_on": "2026-12-03",
        "status": "reported",
        "reported_at": SINCE,
    }
    stand_in.on("GET", "/staff/deposit-transfers", (200, [report]))
    stand_in.on("POST", f"/staff/deposit-transfers/{TRANSFER}/confirm", (200, report))
    sign_in(client, stand_in, role="ops")
    page = client.get("/staff/ops/deposits")
    assert "¥20,000" in page.text
    token = csrf_of(client, "/staff/ops/deposits")
    done = client.post(
        f"/staff/ops/deposit-transfers/{TRANSFER}/confirm",
        data={"amount_received": "20000", "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert stand_in.bodies("POST", f"/staff/deposit-transfers/{TRANSFER}/confirm") == [
        {"amount_received": 20000}
    ]
    no_reason = client.post(
        f"/staff/ops/deposit-transfers/{TRANSFER}/reject", data={"csrf_token": token}
    )
    assert no_reason.status_code == 400
    assert re.search(rf'id="top-up-{TRANSFER}".*?role="alert"', no_reason.text, re.S)


def test_staff_see_an_order_from_their_lists(client: TestClient, stand_in: StandInGateway) -> None:
    staff_order_page(stand_in)
    staff_queues(stand_in, purchase=[entry()])
    sign_in(client, stand_in, role="warehouse")
    listing = client.get("/staff/warehouse/arrivals")
    assert listing.status_code == 200
    page = client.get(f"/staff/orders/{ORDER}")
    assert page.status_code == 200
    assert "DK-20261201-ABCDEF" in page.text
    assert "Canvas tote" in page.text
    assert "/staff/ops/inbox/" not in page.text  # the conversation is ops work


def test_a_case_is_summarised_in_the_page_language(
    client: TestClient, stand_in: StandInGateway
) -> None:
    case = "1a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    staff_queues(stand_in, cases=[entry(case_id=case, note="return: negotiating — wrong colour")])
    sign_in(client, stand_in, role="warehouse")
    page = client.get("/staff/warehouse/cases")
    assert "返品 (販売者と交渉中): wrong colour" in page.text


def test_orders_needing_attention_for_dead_letters_are_listed_and_cleared(
    client: TestClient, stand_in: StandInGateway
) -> None:
    dead = entry(
        item_id=None,
        url=None,
        quantity=None,
        title="payments.billing_paid v1",
        note="orders: malformed — MalformedMessage: invalid payload: total",
    )
    staff_queues(stand_in, dead_lettered=[dead])
    sign_in(client, stand_in, role="ops")
    home = client.get("/staff")
    assert re.search(
        r'id="queue-dead_lettered".*?<span class="count busy">1</span>', home.text, re.S
    )
    page = client.get("/staff/ops/dead-lettered")
    assert page.status_code == 200
    assert "メッセージがデッドレターになりました" in page.text
    assert "payments.billing_paid v1" in page.text
    assert "orders: malformed — MalformedMessage: invalid payload: total" in page.text
    token = csrf_of(client, "/staff/ops/dead-lettered")
    path = f"/staff/orders/{ORDER}/dead-letter-flags/clear"
    stand_in.on("POST", path, (200, {"order_id": ORDER, "cleared": 1}))
    forged = client.post(f"/staff/ops/orders/{ORDER}/dead-letter-flags/clear", data={})
    assert forged.status_code in {400, 403}
    assert stand_in.bodies("POST", path) == []
    done = client.post(
        f"/staff/ops/orders/{ORDER}/dead-letter-flags/clear",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"].endswith("/staff/ops/dead-lettered?done=flags_cleared")
    assert stand_in.bodies("POST", path) == [{}]
    stand_in.on("POST", path, (404, {"detail": "no order", "code": "order_not_found"}))
    refused = client.post(
        f"/staff/ops/orders/{ORDER}/dead-letter-flags/clear", data={"csrf_token": token}
    )
    assert refused.status_code == 404
    assert re.search(rf'id="entry-{ORDER}-1".*?no order', refused.text, re.S)
    client.post("/language", data={"lang": "en", "next": "/staff", "csrf_token": token})
    english = client.get("/staff/ops/dead-lettered")
    assert "Needs attention: message dead-lettered" in english.text
    assert "Orders needing attention: messages dead-lettered" in english.text


CLOSED = {
    "closed_days": [
        {"date": "2026-12-29", "reason": "year-end closure", "source": "configured"},
        {"date": "2026-12-10", "reason": "stocktaking", "source": "staff"},
    ]
}


def test_ops_close_and_reopen_days_of_the_business_calendar(
    client: TestClient, stand_in: StandInGateway
) -> None:
    stand_in.on("GET", "/staff/calendar/closed-days", (200, CLOSED))
    sign_in(client, stand_in, role="ops")
    page = client.get("/staff/ops/calendar")
    assert page.status_code == 200
    assert "営業日カレンダー" in page.text
    assert "2026年12月10日" in page.text
    assert 'action="/staff/ops/calendar/2026-12-10/reopen"' in page.text
    assert 'action="/staff/ops/calendar/2026-12-29/reopen"' not in page.text  # configured
    token = csrf_of(client, "/staff/ops/calendar")
    stand_in.on("PUT", "/staff/calendar/closed-days/2026-12-24", (200, CLOSED))
    forged = client.post("/staff/ops/calendar/close", data={"day": "2026-12-24", "reason": "x"})
    assert forged.status_code in {400, 403}
    assert stand_in.bodies("PUT", "/staff/calendar/closed-days/2026-12-24") == []
    closed = client.post(
        "/staff/ops/calendar/close",
        data={"day": "2026-12-24", "reason": " party ", "csrf_token": token},
        follow_redirects=False,
    )
    assert closed.status_code == 303
    assert closed.headers["location"].endswith("/staff/ops/calendar?done=closed")
    assert stand_in.bodies("PUT", "/staff/calendar/closed-days/2026-12-24") == [{"reason": "party"}]
    empty = client.post(
        "/staff/ops/calendar/close", data={"day": "soon", "reason": "", "csrf_token": token}
    )
    assert empty.status_code == 400
    assert "日付を選んでください。" in empty.text
    assert "休業の理由を入力してください。" in empty.text
    past = {"detail": "a day in the past cannot be closed", "code": "past_day"}
    stand_in.on("PUT", "/staff/calendar/closed-days/2020-01-06", (400, past))
    refused = client.post(
        "/staff/ops/calendar/close",
        data={"day": "2020-01-06", "reason": "late", "csrf_token": token},
    )
    assert refused.status_code == 400
    assert re.search(
        r'id="e-day" role="alert">[^<]*a day in the past cannot be closed', refused.text
    )
    stand_in.on("DELETE", "/staff/calendar/closed-days/2026-12-10", (200, CLOSED))
    reopened = client.post(
        "/staff/ops/calendar/2026-12-10/reopen", data={"csrf_token": token}, follow_redirects=False
    )
    assert reopened.status_code == 303
    assert len([c for c in stand_in.calls if c.method == "DELETE"]) == 1
    gone = {"detail": "the day is not closed", "code": "not_found"}
    stand_in.on("DELETE", "/staff/calendar/closed-days/2026-12-10", (404, gone))
    missing = client.post("/staff/ops/calendar/2026-12-10/reopen", data={"csrf_token": token})
    assert missing.status_code == 404
    assert re.search(r'id="day-2026-12-10".*?the day is not closed', missing.text, re.S)
    client.post("/language", data={"lang": "en", "next": "/staff", "csrf_token": token})
    english = client.get("/staff/ops/calendar")
    assert "Business calendar" in english.text
    assert "10 Dec 2026" in english.text


def test_the_calendar_page_is_for_ops_only(client: TestClient, stand_in: StandInGateway) -> None:
    stand_in.on("GET", "/staff/calendar/closed-days", (200, CLOSED))
    sign_in(client, stand_in, role="warehouse")
    refused = client.get("/staff/ops/calendar", follow_redirects=False)
    assert refused.status_code == 303
    assert refused.headers["location"].startswith("/sign-in")
