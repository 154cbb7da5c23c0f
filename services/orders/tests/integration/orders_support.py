"""Shared helpers of the orders integration tests: the service on test settings, request bodies."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI

from daikou_kit.clock import ManualClock
from daikou_kit.runtime import Service
from daikou_kit.testing import Infra, MakeDatabase, actor_headers, running
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


@asynccontextmanager
async def nothing() -> AsyncIterator[None]:
    """A no-op context (keeps type checkers calm in helpers)."""
    yield


__all__ = ["OPS", "TOKEN", "MakeOrders", "Orders", "customer", "ops", "timedelta"]
