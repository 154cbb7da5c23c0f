"""The customer's notices, the unread badge and the e-mail preferences against a stand-in gateway:
what they show, and what they send to the API."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi.testclient import TestClient
from web_support import ACCOUNT, StandInGateway, csrf_of, sign_in

ORDER = "0d4f6a2b-3c5e-4f70-8a9b-0c1d2e3f4a5b"
UNREAD = "3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b"
READ = "4a2d3b5c-6e7f-4a81-9bac-1d2e3f4a5b6c"


def notice(notice_id: str, kind: str, read_at: str | None) -> dict[str, Any]:
    return {
        "id": notice_id,
        "kind": kind,
        "order_id": ORDER,
        "order_number": "DK-000042",
        "subject": f"【Daikou】{kind} のお知らせ",
        "body": "Hanako 様\n\nご請求額: ¥4,184\n",
        "created_at": "2026-12-02T00:30:00Z",
        "read_at": read_at,
    }


def listing(total: int = 2, unread: int = 1) -> dict[str, Any]:
    return {
        "notices": [
            notice(UNREAD, "shipped", None),
            notice(READ, "estimate_ready", "2026-12-02T01:00:00Z"),
        ],
        "total": total,
        "unread": unread,
        "limit": 20,
        "offset": 0,
    }


ME = {**ACCOUNT, "language": "ja"}
PREFS = {
    "kinds": [
        {"kind": "estimate_ready", "email": True, "mandatory": True},
        {"kind": "staff_reply", "email": True, "mandatory": False},
        {"kind": "shipped", "email": False, "mandatory": False},
    ]
}


def test_the_notices_page_lists_newest_first_with_unread_ones_marked(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", "/notices", (200, listing(total=45)))
    page = client.get("/notices?page=2")
    assert page.status_code == 200
    text = page.text
    assert text.index(f'id="notice-{UNREAD}"') < text.index(f'id="notice-{READ}"')
    assert f'class="card notice-entry unread" id="notice-{UNREAD}"' in text
    assert f'class="card notice-entry" id="notice-{READ}"' in text
    assert "発送済み" in text
    assert "お見積もりができました" in text
    assert "¥4,184" in text
    assert "2026/12/02 09:30" in text  # JST
    assert "45 件中 1 件が未読です。" in text
    asked = stand_in.calls[-1]
    assert (asked.url.params["limit"], asked.url.params["offset"]) == ("20", "20")
    assert asked.url.params["language"] == "ja"  # the page's language
    assert asked.headers["authorization"] == "Bearer tok-123"


def test_marking_read_posts_to_the_api_and_opening_goes_to_the_order(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", "/notices", (200, listing()))
    stand_in.on("POST", f"/notices/{UNREAD}/read", (200, notice(UNREAD, "shipped", "x")))
    stand_in.on("POST", "/notices/read-all", (200, {"marked": 1, "unread": 0}))
    token = csrf_of(client, "/notices")

    one = client.post(f"/notices/{UNREAD}/read", data={"csrf_token": token}, follow_redirects=False)
    opened = client.post(
        f"/notices/{UNREAD}/read?open=1", data={"csrf_token": token}, follow_redirects=False
    )
    everything = client.post(
        "/notices/read-all", data={"csrf_token": token}, follow_redirects=False
    )

    assert (one.status_code, one.headers["location"]) == (303, "/notices")
    assert (opened.status_code, opened.headers["location"]) == (303, f"/orders/{ORDER}")
    assert (everything.status_code, everything.headers["location"]) == (303, "/notices")
    assert len(stand_in.bodies("POST", f"/notices/{UNREAD}/read")) == 2
    assert len(stand_in.bodies("POST", "/notices/read-all")) == 1


def test_the_header_badge_shows_the_unread_count_and_never_breaks(
    client: TestClient, stand_in: StandInGateway
) -> None:
    assert client.get("/notices/badge").text == ""  # nobody signed in
    sign_in(client, stand_in)
    stand_in.on("GET", "/orders", (200, {"orders": [], "total": 0, "limit": 10, "offset": 0}))
    assert 'hx-get="/notices/badge"' in client.get("/orders").text
    stand_in.on("GET", "/notices/unread-count", (200, {"unread": 3}))
    assert '<span class="badge" id="unread-badge"' in client.get("/notices/badge").text
    assert ">3</span>" in client.get("/notices/badge").text
    stand_in.on("GET", "/notices/unread-count", (503, {"code": "x", "detail": "down"}))
    down = client.get("/notices/badge")
    assert down.status_code == 200
    assert 'id="notices-link"' in down.text
    assert "badge" not in down.text.replace("notices/badge", "")


def test_preferences_send_every_switchable_kind_and_keep_money_ones_on(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", "/notices/preferences", (200, PREFS))
    stand_in.on("GET", "/me", (200, ME))
    stand_in.on("PATCH", "/notices/preferences", (200, PREFS))
    page = client.get("/preferences").text
    assert 'id="pref-estimate_ready"' in page
    assert "disabled" in page.split('id="pref-estimate_ready"')[1].split(">")[0]
    assert "checked" not in page.split('id="pref-shipped"')[1].split(">")[0]
    token = csrf_of(client, "/preferences")

    saved = client.post(
        "/preferences/email",
        data={"csrf_token": token, "email": ["shipped"]},
        follow_redirects=False,
    )

    assert (saved.status_code, saved.headers["location"]) == (303, "/preferences?saved=1")
    assert stand_in.bodies("PATCH", "/notices/preferences") == [
        {"email": {"staff_reply": False, "shipped": True}}
    ]
    assert 'id="saved"' in client.get("/preferences?saved=1").text


def test_a_refused_preference_is_shown_with_the_api_reason(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", "/notices/preferences", (200, PREFS))
    stand_in.on("GET", "/me", (200, ME))

    def refuse(_: httpx.Request) -> tuple[int, Any]:
        return 400, {"code": "mandatory_kind", "detail": "estimate_ready is always sent"}

    stand_in.on("PATCH", "/notices/preferences", refuse)
    token = csrf_of(client, "/preferences")
    answer = client.post("/preferences/email", data={"csrf_token": token})
    assert answer.status_code == 400
    assert "estimate_ready is always sent" in answer.text


def test_staff_are_sent_to_sign_in(client: TestClient, stand_in: StandInGateway) -> None:
    sign_in(client, stand_in, role="ops")
    answer = client.get("/notices", follow_redirects=False)
    assert answer.status_code in (302, 303)
    assert client.get("/notices/badge").text == ""


def test_the_account_form_sends_only_what_changed_with_the_password_for_a_new_address(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", "/notices/preferences", (200, PREFS))
    stand_in.on("GET", "/me", (200, ME))
    stand_in.on("PATCH", "/me", (200, {**ME, "language": "en"}))
    page = client.get("/preferences").text
    assert 'value="hanako@example.jp"' in page
    assert '<option value="ja" selected>' in page
    token = csrf_of(client, "/preferences")

    language = client.post(
        "/preferences/account",
        data={"csrf_token": token, "email": "hanako@example.jp", "language": "en"},
        follow_redirects=False,
    )
    email = client.post(
        "/preferences/account",
        data={
            "csrf_token": token,
            "email": "hanako@new.example.jp",
            "language": "ja",
            "current_password": "correct horse battery",
        },
        follow_redirects=False,
    )
    nothing = client.post(
        "/preferences/account",
        data={"csrf_token": token, "email": "Hanako@example.jp", "language": "ja"},
        follow_redirects=False,
    )

    assert [r.status_code for r in (language, email, nothing)] == [303, 303, 303]
    assert stand_in.bodies("PATCH", "/me") == [
        {"language": "en"},
        {"email": "hanako@new.example.jp", "current_password": "correct horse battery"},
    ]


def test_a_wrong_password_is_shown_next_to_its_field_and_keeps_the_session(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    stand_in.on("GET", "/notices/preferences", (200, PREFS))
    stand_in.on("GET", "/me", (200, ME))

    def refuse(request: httpx.Request) -> tuple[int, Any]:
        if b"taken" in request.content:
            return 409, {"code": "email_taken", "detail": "an account with this email exists"}
        return 401, {"code": "wrong_password", "detail": "give the current password"}

    stand_in.on("PATCH", "/me", refuse)
    token = csrf_of(client, "/preferences")
    wrong = client.post(
        "/preferences/account",
        data={"csrf_token": token, "email": "new@example.jp", "current_password": "nope nope"},
    )
    taken = client.post(
        "/preferences/account",
        data={"csrf_token": token, "email": "taken@example.jp", "current_password": "x" * 12},
    )

    assert wrong.status_code == 400
    assert 'id="e-current_password"' in wrong.text
    assert "現在のパスワードが正しくありません。" in wrong.text
    assert 'value="new@example.jp"' in wrong.text  # what they typed stays
    assert taken.status_code == 400
    assert 'id="e-email"' in taken.text
    assert client.get("/preferences").status_code == 200  # still signed in


def test_signing_up_on_the_english_site_asks_for_english_mails(
    client: TestClient, stand_in: StandInGateway
) -> None:
    stand_in.on("POST", "/accounts", (201, ACCOUNT))
    stand_in.on(
        "POST",
        "/sessions",
        (200, {"access_token": "t", "expires_at": "2026-12-04T00:00:00Z", "account": ACCOUNT}),
    )
    client.cookies.set("daikou_lang", "en")
    token = csrf_of(client, "/sign-up")
    answer = client.post(
        "/sign-up",
        data={
            "display_name": "Ann",
            "email": "ann@example.jp",
            "password": "p" * 12,
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert stand_in.bodies("POST", "/accounts")[0]["language"] == "en"


def test_ops_see_the_mails_refused_for_good(client: TestClient, stand_in: StandInGateway) -> None:
    sign_in(client, stand_in, role="ops")
    mail = {
        "id": UNREAD,
        "kind": "shipped",
        "customer_id": ACCOUNT["id"],
        "order_id": ORDER,
        "language": "ja",
        "recipient": "hanako@example.jp",
        "subject": "【Daikou】発送しました",
        "status": "failed",
        "attempts": 1,
        "last_error": "550 mailbox unavailable",
        "created_at": "2026-12-02T00:30:00Z",
        "sent_at": None,
    }
    stand_in.on("GET", "/staff/notifications", (200, {"notifications": [mail]}))
    page = client.get("/staff/ops/mails?status=bogus")
    assert page.status_code == 200
    assert f'id="mail-{UNREAD}"' in page.text
    assert "550 mailbox unavailable" in page.text
    assert "hanako@example.jp" in page.text
    assert 'id="nav-mails"' in page.text
    asked = stand_in.calls[-1]
    assert (asked.url.params["status"], asked.url.params["limit"]) == ("failed", "100")
    sign_in(client, stand_in, role="warehouse")
    assert client.get("/staff/ops/mails", follow_redirects=False).status_code in (302, 303)


def test_the_notices_are_asked_for_in_english_on_an_english_page(
    client: TestClient, stand_in: StandInGateway
) -> None:
    sign_in(client, stand_in)
    token = csrf_of(client, "/notices")
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": token})
    stand_in.on("GET", "/notices", (200, listing()))
    assert client.get("/notices").status_code == 200
    asked = [c for c in stand_in.calls if c.url.path.endswith("/notices")][-1]
    assert asked.url.params["language"] == "en"
