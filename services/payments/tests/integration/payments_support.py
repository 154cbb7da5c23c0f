"""Harness: the payments service on the real database and broker, with the fake PayPal in-process."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import aio_pika
import asyncpg
import httpx
import pytest

from daikou_contracts.catalogue.common import BillingLine
from daikou_contracts.catalogue.orders import OrderEstimated
from daikou_contracts.message import Payload
from daikou_contracts.money import ExchangeRate, Money
from daikou_fake_paypal import FakePayPalConfig, create_app
from daikou_kit.clock import ManualClock
from daikou_kit.db import asyncpg_dsn
from daikou_kit.testing import Infra, MakeDatabase, actor_headers, eventually, publish, running
from daikou_payments.settings import PaymentsSettings
from daikou_payments.wiring import MIGRATIONS, build

TOKEN = "payments-test-token"
STAFF = uuid.uuid4()
RATE = ExchangeRate(base="CNY", quote="JPY", rate="21.5")  # type: ignore[arg-type]


@dataclass
class Payments:
    """A running payments service, its HTTP client, the fake PayPal and the broker."""

    client: httpx.AsyncClient
    paypal: httpx.AsyncClient
    database_url: str
    infra: Infra
    amqp: aio_pika.abc.AbstractRobustConnection
    clock: ManualClock
    orders: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)

    def customer(self, customer_id: uuid.UUID) -> dict[str, str]:
        """Headers of a customer."""
        return actor_headers(TOKEN, customer_id, "customer")

    @property
    def staff(self) -> dict[str, str]:
        """Headers of an ops user."""
        return actor_headers(TOKEN, STAFF, "ops")

    async def publish(self, payload: Payload, **kwargs: Any) -> uuid.UUID:
        """Publish a fact as its producer would."""
        return await publish(self.amqp, self.infra.names, payload, **kwargs)

    async def estimate(
        self, customer_id: uuid.UUID, total: int, *, order_id: uuid.UUID | None = None
    ) -> str:
        """Publish an estimate for a new order and wait for its 1st billing; returns its id."""
        order_id = order_id or uuid.uuid4()
        await self.publish(estimated(order_id, customer_id, total), correlation_id=str(order_id))
        return str((await self.billing(order_id, customer_id, "first"))["billing_id"])

    async def settle(self) -> None:
        """Wait until the orders queue has handled everything published before this call."""
        await self.estimate(uuid.uuid4(), 100)

    async def billing(
        self, order_id: uuid.UUID, customer_id: uuid.UUID, kind: str, **expect: Any
    ) -> dict[str, Any]:
        """Wait until the order's billing of `kind` exists (and matches `expect`); returns it."""
        found: dict[str, Any] = {}

        async def ready() -> bool:
            response = await self.client.get(
                "/billings", params={"order_id": str(order_id)}, headers=self.customer(customer_id)
            )
            for b in response.json().get("billings", []):
                if b["kind"] == kind and all(b.get(k) == v for k, v in expect.items()):
                    found.update(b)
                    return True
            return False

        await eventually(ready, timeout=15)
        return found

    async def top_up(self, customer_id: uuid.UUID, amount: int) -> dict[str, Any]:
        """Staff top up a customer's deposit."""
        response = await self.client.post(
            f"/deposits/{customer_id}/top-ups",
            json={"amount": {"amount": amount, "currency": "JPY"}},
            headers=self.staff,
        )
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result

    async def balance(self, customer_id: uuid.UUID) -> int:
        """The customer's deposit balance, as the customer sees it."""
        response = await self.client.get(
            f"/deposits/{customer_id}", headers=self.customer(customer_id)
        )
        assert response.status_code == 200, response.text
        return int(response.json()["balance"]["amount"])

    async def assert_books_balanced(self) -> None:
        """Every balance equals its ledger sum and is >= 0; every billing has paid <= total."""
        conn = await asyncpg.connect(asyncpg_dsn(self.database_url))
        try:
            broken = await conn.fetch(
                "SELECT a.customer_id, a.balance, coalesce(sum(e.amount), 0) AS s"
                " FROM deposit_accounts a LEFT JOIN ledger_entries e USING (customer_id)"
                " GROUP BY a.customer_id, a.balance"
                " HAVING a.balance <> coalesce(sum(e.amount), 0) OR a.balance < 0"
            )
            overpaid = await conn.fetchval(
                "SELECT count(*) FROM billings"
                " WHERE paid_by_deposit + paid_by_transfer + paid_by_card > total"
            )
        finally:
            await conn.close()
        assert list(broken) == []
        assert overpaid == 0


def estimated(
    order_id: uuid.UUID, customer_id: uuid.UUID, total: int, revision: int = 1
) -> OrderEstimated:
    """An estimate with an item line and a fee line adding up to `total` yen."""
    fee = min(500, total // 10)
    return OrderEstimated(
        order_id=order_id,
        customer_id=customer_id,
        rate=RATE,
        lines=[
            BillingLine(
                code="item",
                description="Item",
                amount=Money.jpy(total - fee),
                item_id=uuid.uuid4(),
                quantity=1,
                unit_amount=Money.jpy(total - fee),
            ),
            BillingLine(code="service_fee", description="Service fee", amount=Money.jpy(fee)),
        ],
        total=Money.jpy(total),
        billing_revision=revision,
        payment_due_at=datetime(2026, 1, 12, tzinfo=UTC),
    )


@pytest.fixture
async def payments(
    infra: Infra,
    make_database: MakeDatabase,
    amqp_connection: aio_pika.abc.AbstractRobustConnection,
    clock: ManualClock,
) -> AsyncIterator[Payments]:
    """The payments service with its own fresh database, running until the test ends."""
    url = await make_database("payments", MIGRATIONS)
    settings = PaymentsSettings(
        database_url=url,
        amqp_url=infra.amqp_url,
        namespace=infra.namespace,
        internal_token=TOKEN,  # type: ignore[arg-type]
        retry_delays_ms=[100, 300, 1_000, 2_000],
        relay_poll_interval_s=0.2,
        paypal_base_url="http://paypal",
        db_pool_size=15,
    )
    holder: dict[str, Any] = {}
    to_service = _LateASGITransport(holder)
    fake = create_app(
        FakePayPalConfig(base_url="http://paypal", webhook_url="http://payments/paypal/webhook"),
        to_service,
    )
    _, app = build(settings, clock, paypal_transport=httpx.ASGITransport(app=fake))
    holder["app"] = app
    async with (
        running(app) as client,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=fake), base_url="http://paypal"
        ) as paypal,
    ):
        yield Payments(client, paypal, url, infra, amqp_connection, clock)


class _LateASGITransport(httpx.AsyncBaseTransport):
    """Delivers to the service's app, which is built after the fake that needs this transport."""

    def __init__(self, holder: dict[str, Any]) -> None:
        self._holder = holder

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await httpx.ASGITransport(app=self._holder["app"]).handle_async_request(request)


def later(clock: ManualClock, hours: int) -> datetime:
    """Move the test clock forward."""
    return clock.advance(timedelta(hours=hours))
