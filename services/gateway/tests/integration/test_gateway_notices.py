"""The customer's notices and e-mail preferences through the gateway: forwarded as the caller to
the notifications service, answers shaped by their models, customers only, refusals passed on."""

import uuid
from typing import Annotated, Any

import httpx
import pytest
from fastapi import Depends, FastAPI, HTTPException, Request
from gateway_support import TOKEN, GatewayUnderTest, bearer

from daikou_gateway.entrypoints.schemas_notices import MAIL_EXAMPLE, NOTICE_EXAMPLE
from daikou_kit.actors import Role
from daikou_kit.http import Actor, actor_dependency

pytestmark = pytest.mark.integration

MANDATORY = {"estimate_ready"}


class StandInNotifications:
    """The notifications service's customer routes, in memory, recording who asked."""

    def __init__(self) -> None:
        self.notices: dict[str, dict[str, Any]] = {}
        self.off: dict[str, set[str]] = {}
        self.asked: list[tuple[str, str, dict[str, str]]] = []

    def add(self, customer_id: str, **fields: Any) -> str:
        notice_id = str(uuid.uuid4())
        self.notices[notice_id] = {
            **NOTICE_EXAMPLE,
            "id": notice_id,
            "customer_id": customer_id,
            "internal": "not for the client",
            **fields,
        }
        return notice_id

    def app(self) -> FastAPI:
        app = FastAPI()
        caller = Annotated[Actor, Depends(actor_dependency(TOKEN))]

        def mine(actor: Actor) -> list[dict[str, Any]]:
            if actor.is_staff:
                raise HTTPException(403, "customers only")
            own = [n for n in self.notices.values() if n["customer_id"] == str(actor.user_id)]
            return sorted(own, key=lambda n: n["created_at"], reverse=True)

        def prefs(actor: Actor) -> dict[str, Any]:
            off = self.off.get(str(actor.user_id), set())
            kinds = ("estimate_ready", "staff_reply", "shipped")
            return {
                "kinds": [
                    {"kind": k, "email": k not in off, "mandatory": k in MANDATORY} for k in kinds
                ]
            }

        @app.get("/notifications/mine")
        async def listing(request: Request, actor: caller, limit: int, offset: int) -> Any:
            self.asked.append(("GET", str(request.url.path), dict(request.query_params)))
            own = mine(actor)
            unread = sum(1 for n in own if n["read_at"] is None)
            return {
                "notices": own[offset : offset + limit],
                "total": len(own),
                "unread": unread,
                "limit": limit,
                "offset": offset,
            }

        @app.get("/notifications/mine/unread")
        async def unread(actor: caller) -> Any:
            return {"unread": sum(1 for n in mine(actor) if n["read_at"] is None)}

        @app.post("/notifications/mine/read-all")
        async def read_all(actor: caller) -> Any:
            marked = 0
            for notice in mine(actor):
                if notice["read_at"] is None:
                    notice["read_at"] = "2026-03-10T09:00:00Z"
                    marked += 1
            return {"marked": marked, "unread": 0}

        @app.post("/notifications/mine/{notice_id}/read")
        async def read(request: Request, notice_id: str, actor: caller) -> Any:
            self.asked.append(("POST", str(request.url.path), dict(request.query_params)))
            found = next((n for n in mine(actor) if n["id"] == notice_id), None)
            if found is None:
                raise HTTPException(404, "no such notice")
            found["read_at"] = found["read_at"] or "2026-03-10T09:00:00Z"
            return found

        @app.get("/notifications")
        async def log(request: Request, actor: caller) -> Any:
            if not actor.is_staff:
                raise HTTPException(403, "staff only")
            self.asked.append(("GET", str(request.url.path), dict(request.query_params)))
            return {"notifications": [{**MAIL_EXAMPLE, "internal": "x"}]}

        @app.get("/notifications/preferences")
        async def preferences(actor: caller) -> Any:
            return prefs(actor)

        @app.put("/notifications/preferences")
        async def change(request: Request, actor: caller) -> Any:
            body = await request.json()
            if any(k in MANDATORY and not v for k, v in body["email"].items()):
                raise HTTPException(400, "estimate_ready is always sent")
            off = self.off.setdefault(str(actor.user_id), set())
            for kind, email in body["email"].items():
                (off.discard if email else off.add)(kind)
            return prefs(actor)

        return app


@pytest.fixture
def notifications(gateway: GatewayUnderTest) -> StandInNotifications:
    stand_in = StandInNotifications()
    gateway.router.transports["notifications"] = httpx.ASGITransport(app=stand_in.app())
    return stand_in


async def test_a_customer_pages_their_notices_and_marks_them_read(
    gateway: GatewayUnderTest, notifications: StandInNotifications
) -> None:
    token, account = await gateway.register()
    older = notifications.add(account["id"], created_at="2026-03-09T09:00:00Z")
    newer = notifications.add(
        account["id"], created_at="2026-03-12T09:00:00Z", kind="shipped", order_number=None
    )
    notifications.add(str(uuid.uuid4()))  # someone else's
    me = bearer(token)

    first = await gateway.client.get("/api/v1/notices?limit=1", headers=me)
    assert first.status_code == 200, first.text
    page = first.json()
    assert (page["total"], page["unread"], page["limit"], page["offset"]) == (2, 2, 1, 0)
    assert [n["id"] for n in page["notices"]] == [newer]
    assert page["notices"][0]["order_number"] is None
    assert "internal" not in page["notices"][0]
    assert "customer_id" not in page["notices"][0]
    assert notifications.asked[-1][2] == {"limit": "1", "offset": "0"}

    read = await gateway.client.post(f"/api/v1/notices/{older}/read", headers=me)
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    count = await gateway.client.get("/api/v1/notices/unread-count", headers=me)
    assert count.json() == {"unread": 1}
    everything = await gateway.client.post("/api/v1/notices/read-all", headers=me)
    assert everything.json() == {"marked": 1, "unread": 0}

    someone_elses = next(i for i, n in notifications.notices.items() if i not in {older, newer})
    refused = await gateway.client.post(f"/api/v1/notices/{someone_elses}/read", headers=me)
    assert refused.status_code == 404
    assert refused.json()["request_id"]


async def test_the_notices_are_asked_for_in_the_language_the_client_reads(
    gateway: GatewayUnderTest, notifications: StandInNotifications
) -> None:
    token, account = await gateway.register()
    notice = notifications.add(account["id"])
    me = bearer(token)

    listed = await gateway.client.get("/api/v1/notices?language=en", headers=me)
    read = await gateway.client.post(f"/api/v1/notices/{notice}/read?language=en", headers=me)
    other = await gateway.client.get("/api/v1/notices?language=fr", headers=me)

    assert (listed.status_code, read.status_code) == (200, 200)
    assert notifications.asked[0][2] == {"limit": "20", "offset": "0", "language": "en"}
    assert notifications.asked[1][2] == {"language": "en"}
    assert other.status_code == 422
    assert len(notifications.asked) == 2


async def test_notices_are_for_customers_and_need_a_sign_in(
    gateway: GatewayUnderTest, notifications: StandInNotifications
) -> None:
    ops = await gateway.staff(Role.OPS)
    as_staff = await gateway.client.get("/api/v1/notices", headers=bearer(ops))
    anonymous = await gateway.client.get("/api/v1/notices/unread-count")
    assert as_staff.status_code == 403
    assert as_staff.json()["code"] == "forbidden_for_role"
    assert anonymous.status_code == 401
    assert notifications.asked == []
    token, _ = await gateway.register()
    too_many = await gateway.client.get("/api/v1/notices?limit=1000", headers=bearer(token))
    assert too_many.status_code == 422


async def test_a_customer_switches_kinds_off_but_never_a_money_one(
    gateway: GatewayUnderTest, notifications: StandInNotifications
) -> None:
    token, _ = await gateway.register()
    me = bearer(token)

    changed = await gateway.client.patch(
        "/api/v1/notices/preferences", json={"email": {"staff_reply": False}}, headers=me
    )
    refused = await gateway.client.patch(
        "/api/v1/notices/preferences", json={"email": {"estimate_ready": False}}, headers=me
    )
    hostile = await gateway.client.patch(
        "/api/v1/notices/preferences", json={"email": {"x\u0000": False}}, headers=me
    )
    unknown_field = await gateway.client.patch(
        "/api/v1/notices/preferences", json={"email": {}, "sms": True}, headers=me
    )
    read_back = await gateway.client.get("/api/v1/notices/preferences", headers=me)

    assert changed.status_code == 200, changed.text
    assert refused.status_code == 400
    assert "always sent" in refused.json()["detail"]
    assert hostile.status_code == 422
    assert unknown_field.status_code == 422
    kinds = {k["kind"]: (k["email"], k["mandatory"]) for k in read_back.json()["kinds"]}
    assert kinds == {
        "estimate_ready": (True, True),
        "staff_reply": (False, False),
        "shipped": (True, False),
    }


async def test_an_unexpected_answer_from_notifications_is_503(
    gateway: GatewayUnderTest, notifications: StandInNotifications
) -> None:
    token, account = await gateway.register()
    notifications.add(account["id"], subject=None)
    answer = await gateway.client.get("/api/v1/notices", headers=bearer(token))
    assert answer.status_code == 503
    assert answer.json()["code"] == "notifications_unexpected_answer"


async def test_ops_list_the_mails_refused_for_good_and_nobody_else_does(
    gateway: GatewayUnderTest, notifications: StandInNotifications
) -> None:
    ops = bearer(await gateway.staff(Role.OPS))
    warehouse = bearer(await gateway.staff(Role.WAREHOUSE))
    customer, _ = await gateway.register()

    failed = await gateway.client.get("/api/v1/staff/notifications?status=failed", headers=ops)
    bad_status = await gateway.client.get("/api/v1/staff/notifications?status=lost", headers=ops)
    by_warehouse = await gateway.client.get("/api/v1/staff/notifications", headers=warehouse)
    by_customer = await gateway.client.get("/api/v1/staff/notifications", headers=bearer(customer))

    assert failed.status_code == 200, failed.text
    mails = failed.json()["notifications"]
    assert [(m["status"], m["last_error"]) for m in mails] == [
        ("failed", "550 mailbox unavailable")
    ]
    assert "internal" not in mails[0]
    assert notifications.asked == [("GET", "/notifications", {"status": "failed", "limit": "50"})]
    assert bad_status.status_code == 422
    assert (by_warehouse.status_code, by_customer.status_code) == (403, 403)
