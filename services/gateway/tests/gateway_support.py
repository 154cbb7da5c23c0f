"""Test harness: the gateway on the real database and broker, with stand-in services served in-process."""

import copy
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Annotated, Any

import httpx
import pytest
from fastapi import Depends, FastAPI, HTTPException, Request

from daikou_gateway.application.accounts import create_staff
from daikou_gateway.entrypoints.schemas_messages import ATTACHMENT_EXAMPLE
from daikou_gateway.entrypoints.schemas_orders import ORDER_EXAMPLE
from daikou_gateway.entrypoints.schemas_payments import BILLING_EXAMPLE
from daikou_gateway.settings import GatewaySettings
from daikou_gateway.wiring import MIGRATIONS, build, units
from daikou_kit.actors import Role
from daikou_kit.clock import ManualClock
from daikou_kit.http import Actor, actor_dependency
from daikou_kit.runtime import Service
from daikou_kit.testing import Infra, MakeDatabase, running

TOKEN = "internal-test-token"
PASSWORD = "a long enough password"
SERVICES = ("orders", "payments", "messaging", "warehouse", "scheduler", "notifications")


TABS = {"completed": "completed", "cancelled": "cancelled"}


def summary(order: dict[str, Any]) -> dict[str, Any]:
    """An order as orders lists it."""
    keys = ("order_id", "order_number", "customer_id", "status", "action_required", "placed_at")
    return {
        **{k: order[k] for k in keys},
        "item_count": len(order["items"]),
        "first_item_title": order["items"][0]["title"],
        "total": None,
    }


class HostRouter(httpx.AsyncBaseTransport):
    """Sends each call to the stand-in app named by the URL's host; a host marked down refuses."""

    def __init__(self, apps: dict[str, FastAPI]) -> None:
        self.transports = {host: httpx.ASGITransport(app=app) for host, app in apps.items()}
        self.down: set[str] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if host in self.down or host not in self.transports:
            raise httpx.ConnectError(f"{host} is down", request=request)
        return await self.transports[host].handle_async_request(request)


@dataclass
class StandIns:
    """In-memory stand-ins of the services, recording what the gateway sent them."""

    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    seen: list[tuple[str, str, dict[str, str], Any]] = field(default_factory=list)

    def apps(self) -> dict[str, FastAPI]:
        """One app per service."""
        return {
            "orders": self.orders_app(),
            "payments": self.payments_app(),
            "messaging": self.messaging_app(),
            "warehouse": self.warehouse_app(),
        }

    async def record(self, service: str, request: Request) -> Any:
        """Remember the call; answer its JSON body."""
        body = (
            await request.json()
            if request.headers.get("content-type") == "application/json"
            else None
        )
        self.seen.append(
            (service, f"{request.method} {request.url.path}", dict(request.headers), body)
        )
        return body

    def own(self, actor: Actor, order_id: str) -> dict[str, Any]:
        """The order if the actor may see it (staff, or its customer), else 404 as the services do."""
        order = self.orders.get(order_id)
        if order is None or (not actor.is_staff and order["customer_id"] != str(actor.user_id)):
            raise HTTPException(404, f"order {order_id} not found")
        return order

    def orders_app(self) -> FastAPI:
        app = FastAPI()
        ActorDep = Annotated[Actor, Depends(actor_dependency(TOKEN))]  # noqa: N806

        @app.post("/orders", status_code=201)
        async def place(request: Request, actor: ActorDep) -> dict[str, Any]:
            body = await self.record("orders", request)
            if "customer_id" in body:
                raise HTTPException(422, "customer_id is not a field")
            oid = str(uuid.uuid4())
            item = ORDER_EXAMPLE["items"][0]
            self.orders[oid] = {
                **copy.deepcopy(ORDER_EXAMPLE),
                "order_id": oid,
                "order_number": f"DK-{len(self.orders) + 1:06d}",
                "customer_id": str(actor.user_id),
                "address": body["address"],
                "shipping_preference": body["shipping_preference"],
                "items": [
                    {**item, **i, "item_id": str(uuid.uuid4()), "status": "pre_payment"}
                    for i in body["items"]
                ],
            }
            return self.orders[oid]

        @app.get("/orders/{order_id}")
        async def get(order_id: str, actor: ActorDep) -> dict[str, Any]:
            return self.own(actor, order_id)

        @app.get("/orders")
        async def listing(
            actor: ActorDep,
            customer_id: str | None = None,
            tab: str | None = None,
            limit: int = 20,
            offset: int = 0,
        ) -> dict[str, Any]:
            rows = [
                summary(o)
                for o in self.orders.values()
                if (customer_id is None or o["customer_id"] == customer_id)
                and (tab is None or TABS.get(o["status"], "ongoing") == tab)
            ]
            page = rows[offset : offset + limit]
            return {"orders": page, "total": len(rows), "limit": limit, "offset": offset}

        @app.post("/orders/{order_id}/cancel")
        async def cancel(order_id: str, request: Request, actor: ActorDep) -> dict[str, Any]:
            await self.record("orders", request)
            order = self.own(actor, order_id)
            if order["status"] not in {"applied", "awaiting_first_payment"}:
                raise HTTPException(409, "the order can no longer be cancelled")
            order["status"] = "cancelled"
            return order

        @app.post("/orders/{order_id}/estimate")
        async def estimate(order_id: str, request: Request, actor: ActorDep) -> dict[str, Any]:
            await self.record("orders", request)
            order = self.own(actor, order_id)
            order.update(status="awaiting_first_payment", action_required="pay_first_billing")
            return order

        return app

    def payments_app(self) -> FastAPI:
        app = FastAPI()
        ActorDep = Annotated[Actor, Depends(actor_dependency(TOKEN))]  # noqa: N806

        @app.get("/billings")
        async def billings(order_id: str, actor: ActorDep) -> dict[str, Any]:
            order = self.own(actor, order_id)
            if order["status"] == "applied":
                return {
                    "order_id": order_id,
                    "billings": [],
                    "refunded": {"amount": 0, "currency": "JPY"},
                    "pending_charges": {"amount": 0, "currency": "JPY"},
                }
            first = {
                **copy.deepcopy(BILLING_EXAMPLE),
                "order_id": order_id,
                "customer_id": order["customer_id"],
                "total": {"amount": 5000, "currency": "JPY"},
            }
            return {
                "order_id": order_id,
                "billings": [first],
                "refunded": {"amount": 0, "currency": "JPY"},
                "pending_charges": {"amount": 0, "currency": "JPY"},
            }

        @app.post("/paypal/webhook")
        async def webhook(request: Request) -> dict[str, str]:
            raw = await request.body()
            self.seen.append(("payments", "POST /paypal/webhook", dict(request.headers), raw))
            if request.headers.get("paypal-transmission-sig") != "good-signature":
                raise HTTPException(400, "webhook signature could not be verified")
            return {"status": "captured"}

        @app.get("/deposits/{customer_id}")
        async def deposit(customer_id: str, actor: ActorDep) -> dict[str, Any]:
            return {
                "customer_id": customer_id,
                "balance": {"amount": 0, "currency": "JPY"},
                "entries": [],
            }

        return app

    def messaging_app(self) -> FastAPI:
        app = FastAPI()
        ActorDep = Annotated[Actor, Depends(actor_dependency(TOKEN))]  # noqa: N806

        @app.get("/orders/{order_id}/messages")
        async def conversation(order_id: str, actor: ActorDep) -> dict[str, Any]:
            self.own(actor, order_id)
            window = {"order_id": order_id, "order_status": None, "open": True, "closes_at": None}
            return {"order_id": order_id, "window": window, "unread_count": 0, "threads": []}

        @app.post("/attachments", status_code=201)
        async def upload(request: Request, actor: ActorDep) -> dict[str, Any]:
            size = 0
            async for chunk in request.stream():
                size += len(chunk)
            return {
                **ATTACHMENT_EXAMPLE,
                "attachment_id": str(uuid.uuid4()),
                "size_bytes": size,
                "filename": request.query_params.get("filename"),
            }

        return app

    def warehouse_app(self) -> FastAPI:
        app = FastAPI()
        ActorDep = Annotated[Actor, Depends(actor_dependency(TOKEN))]  # noqa: N806

        @app.get("/orders/{order_id}")
        async def view(order_id: str, actor: ActorDep) -> dict[str, Any]:
            raise HTTPException(404, "the warehouse has not heard of this order yet")

        return app


@dataclass
class GatewayUnderTest:
    """The running gateway, its client, its clock and the stand-ins' router."""

    client: httpx.AsyncClient
    service: Service
    clock: ManualClock
    router: HostRouter
    stand_ins: StandIns
    app: FastAPI | None = None

    async def register(self, email: str | None = None) -> tuple[str, dict[str, Any]]:
        """A new customer, signed in: their bearer headers and account."""
        email = email or f"c{uuid.uuid4().hex[:8]}@example.jp"
        response = await self.client.post(
            "/api/v1/accounts",
            json={"email": email, "password": PASSWORD, "display_name": "Hanako"},
        )
        assert response.status_code == 201, response.text
        return await self.sign_in(email), response.json()

    async def sign_in(self, email: str, password: str = PASSWORD) -> str:
        """The bearer token of an account."""
        response = await self.client.post(
            "/api/v1/sessions", json={"email": email, "password": password}
        )
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    async def staff(self, role: Role) -> str:
        """A new staff account's token."""
        email = f"{role.value}-{uuid.uuid4().hex[:8]}@daikou.example"
        settings = self.service.settings
        assert isinstance(settings, GatewaySettings)
        gateway_units = units(settings, self.service.database, _hasher(self))
        await create_staff(
            gateway_units, email=email, password=PASSWORD, display_name="Staff", role=role
        )
        return await self.sign_in(email)


def _hasher(gw: GatewayUnderTest) -> Any:
    from daikou_gateway.adapters.passwords import Argon2Hasher

    s = gw.service.settings
    assert isinstance(s, GatewaySettings)
    return Argon2Hasher(s.argon2_time_cost, s.argon2_memory_kib, s.argon2_parallelism)


ORDER = {
    "items": [
        {
            "url": "https://item.taobao.com/item.htm?id=1",
            "title": "Bag",
            "quantity": 2,
            "expected_unit_price": {"amount": 5000, "currency": "CNY"},
        }
    ],
    "address": {
        "name": "Hanako",
        "postal_code": "100-0001",
        "prefecture": "Tokyo",
        "city": "Chiyoda",
        "line1": "1-1",
        "phone": "03-1234-5678",
    },
    "shipping_preference": "EMS",
}


async def place(gateway: GatewayUnderTest, token: str) -> dict[str, Any]:
    response = await gateway.client.post(
        "/api/v1/orders",
        headers={**bearer(token), "X-Correlation-Id": "flow-42"},
        json=ORDER,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def bearer(token: str) -> dict[str, str]:
    """The Authorization header."""
    return {"Authorization": f"Bearer {token}"}


def gateway_settings(infra: Infra, database_url: str, **overrides: Any) -> GatewaySettings:
    """Gateway settings for tests: cheap hashing, stand-in service hosts."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "amqp_url": infra.amqp_url,
        "namespace": infra.namespace,
        "internal_token": TOKEN,
        "argon2_time_cost": 1,
        "argon2_memory_kib": 1024,
        "relay_poll_interval_s": 0.2,
        **{f"{name}_url": f"http://{name}" for name in SERVICES},
    }
    values.update(overrides)
    return GatewaySettings(**values)


@pytest.fixture
def stand_ins() -> StandIns:
    """Fresh stand-in services."""
    return StandIns()


@pytest.fixture(scope="session")
async def gateway_database(make_database: MakeDatabase) -> str:
    """One accounts database for the session (tests use unique emails)."""
    return await make_database("gateway", MIGRATIONS)


@pytest.fixture
async def gateway(
    infra: Infra, gateway_database: str, stand_ins: StandIns
) -> AsyncIterator[GatewayUnderTest]:
    """The gateway running on the session's accounts database, calling the stand-ins."""
    url = gateway_database
    clock = ManualClock()
    router = HostRouter(stand_ins.apps())
    service, app = build(gateway_settings(infra, url), clock, transport=router)
    async with running(app) as client:
        yield GatewayUnderTest(client, service, clock, router, stand_ins, app)
