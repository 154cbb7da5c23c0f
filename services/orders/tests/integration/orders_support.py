"""Shared helpers of the orders integration tests: the service on test settings, request bodies."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from daikou_contracts.catalogue.common import BillingKind
from daikou_contracts.catalogue.payments import BillingPaid
from daikou_contracts.catalogue.scheduler import DeadlineReached
from daikou_contracts.money import Money
from daikou_kit.clock import ManualClock
from daikou_kit.runtime import Service
from daikou_kit.testing import Infra, MakeDatabase, actor_headers, eventually, running
from daikou_orders.settings import OrdersSettings
from daikou_orders.wiring import MIGRATIONS, build

TOKEN = "orders-test-token"
OPS = uuid4()

ADDRESS = {
    "name": "Hanako Yamada",
    "postal_code": "150-0001",
    "prefecture": "Tokyo",
    "city": "Shibuya-ku",
    "line1": "1-2-3 Jingumae",
    "phone": "+81-90-1234-5678",
}


def customer(user_id: UUID) -> dict[str, str]:
    """Headers of a customer."""
    return actor_headers(TOKEN, user_id, "customer")


def ops() -> dict[str, str]:
    """Headers of an ops staff member."""
    return actor_headers(TOKEN, OPS, "ops")


def item_body(n: int = 1, quantity: int = 2, fen: int = 1250) -> dict[str, Any]:
    """One item of an application."""
    return {
        "url": f"https://item.taobao.com/item.htm?id={1000 + n}",
        "title": f"Cotton shirt {n}",
        "options": {"colour": "blue", "size": "M"},
        "quantity": quantity,
        "expected_unit_price": {"amount": fen, "currency": "CNY"},
    }


def place_body(items: int = 2) -> dict[str, Any]:
    """A valid application."""
    return {
        "items": [item_body(n) for n in range(items)],
        "address": ADDRESS,
        "shipping_preference": "EMS",
    }


def estimate_body(
    order: dict[str, Any], unit_fen: int = 1000, shipping_fen: int = 500
) -> dict[str, Any]:
    """Staff's estimate of every live item at 20 JPY per CNY."""
    return {
        "items": [
            {
                "item_id": i["item_id"],
                "unit_price": {"amount": unit_fen, "currency": "CNY"},
                "domestic_shipping": {"amount": shipping_fen, "currency": "CNY"},
            }
            for i in order["items"]
            if i["status"] not in ("cancelled", "out_of_stock")
        ],
        "rate": {"base": "CNY", "quote": "JPY", "rate": "20", "rounding": "up"},
    }


@dataclass
class Orders:
    """The orders service under test."""

    service: Service
    app: FastAPI
    settings: OrdersSettings
    client: httpx.AsyncClient
    clock: ManualClock

    async def place(self, customer_id: UUID, items: int = 2) -> dict[str, Any]:
        """Place an order; returns it."""
        response = await self.client.post(
            "/orders", json=place_body(items), headers=customer(customer_id)
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def estimate(self, order: dict[str, Any], **kw: int) -> dict[str, Any]:
        """Estimate an order as ops; returns it."""
        response = await self.client.post(
            f"/orders/{order['order_id']}/estimate", json=estimate_body(order, **kw), headers=ops()
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def get(self, order_id: str) -> dict[str, Any]:
        """The order as ops sees it."""
        response = await self.client.get(f"/orders/{order_id}", headers=ops())
        assert response.status_code == 200, response.text
        return dict(response.json())


MakeOrders = Callable[..., Awaitable[Orders]]


@pytest.fixture
async def orders_app(
    infra: Infra, make_database: MakeDatabase, clock: ManualClock
) -> AsyncIterator[MakeOrders]:
    """Start the orders service (consumers and relay) on a fresh database; stopped after the test."""
    stack: list[Any] = []

    async def make(**overrides: Any) -> Orders:
        url = await make_database("orders", MIGRATIONS)
        settings = OrdersSettings(
            database_url=url,
            amqp_url=infra.amqp_url,
            namespace=infra.namespace,
            internal_token=TOKEN,
            retry_delays_ms=[100, 200],
            relay_poll_interval_s=0.2,
            **overrides,
        )
        service, app = build(settings, clock)
        context = running(app)
        client = await context.__aenter__()
        stack.append(context)
        return Orders(service, app, settings, client, clock)

    yield make
    for context in reversed(stack):
        await context.__aexit__(None, None, None)


async def outbox(svc: Orders, order_id: str) -> list[tuple[str, dict[str, Any]]]:
    """(type, payload) of every message the service wrote about an order, in order."""
    async with svc.service.engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT message_type, body FROM outbox WHERE correlation_id = :c ORDER BY id"),
            {"c": order_id},
        )
        return [(r.message_type, json.loads(r.body)["payload"]) for r in rows]


def of_type(messages: list[tuple[str, dict[str, Any]]], message_type: str) -> list[dict[str, Any]]:
    """The payloads of one message type."""
    return [p for t, p in messages if t == message_type]


async def wait_status(svc: Orders, order_id: str, status: str) -> dict[str, Any]:
    """Wait until the order has a status; returns it."""
    seen: dict[str, Any] = {}

    async def reached() -> bool:
        seen.update(await svc.get(order_id))
        return bool(seen["status"] == status)

    await eventually(reached)
    return seen


def billing_paid(
    order: dict[str, Any], kind: str, amount: int, revision: int | None = None
) -> BillingPaid:
    """Payments' fact that a billing of the order is paid in full."""
    return BillingPaid(
        billing_id=uuid4(),
        order_id=UUID(order["order_id"]),
        customer_id=UUID(order["customer_id"]),
        kind=BillingKind(kind),
        total=Money.jpy(amount),
        paid_by_deposit=Money.jpy(0),
        paid_by_transfer=Money.jpy(amount),
        paid_by_card=Money.jpy(0),
        paid_at=datetime.now(UTC),
        revision=revision,
    )


def deadline(order: dict[str, Any], kind: str, due_at: datetime) -> DeadlineReached:
    """The scheduler's firing of one of the order's deadlines."""
    suffix = kind.replace("_", "-")
    return DeadlineReached(
        deadline_id=f"order:{order['order_id']}:{suffix}",
        requester="orders",
        kind=kind,
        due_at=due_at,
        fired_at=due_at,
        lateness_ms=0,
        payload={"order_id": order["order_id"]},
    )


async def consumed_beyond(svc: Orders, count: int) -> None:
    """Wait until the service has consumed more than `count` messages in all."""

    async def more() -> bool:
        return len(svc.service.consumers.outcomes) > count

    await eventually(more)
