"""Shared helpers of messaging's integration tests: the running service, facts, actors, files."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aio_pika
import httpx
import pytest
from sqlalchemy import text

from daikou_contracts.catalogue.common import Address, Marketplace, OrderItem, OrderStatus
from daikou_contracts.catalogue.orders import OrderPlaced, OrderStatusChanged
from daikou_contracts.message import Payload
from daikou_contracts.money import Money
from daikou_kit.clock import ManualClock
from daikou_kit.runtime import Service
from daikou_kit.testing import Infra, MakeDatabase, actor_headers, eventually, publish, running
from daikou_messaging.settings import MessagingSettings
from daikou_messaging.wiring import MIGRATIONS, build

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(64)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(64)


@dataclass
class Messaging:
    """The running service, its client and clock, and what the tests need to drive it."""

    infra: Infra
    conn: aio_pika.abc.AbstractRobustConnection
    settings: MessagingSettings
    service: Service
    client: httpx.AsyncClient
    clock: ManualClock
    storage_dir: Path
    staff_id: uuid.UUID = field(default_factory=uuid.uuid4)

    def customer(self, user_id: uuid.UUID) -> dict[str, str]:
        """Headers of a customer."""
        return actor_headers(self.token, user_id, "customer")

    def staff(self) -> dict[str, str]:
        """Headers of an ops staff member."""
        return actor_headers(self.token, self.staff_id, "ops")

    @property
    def token(self) -> str:
        """The internal credential."""
        return self.settings.internal_token.get_secret_value()

    async def publish(self, payload: Payload, **kwargs: Any) -> uuid.UUID:
        """Publish a fact as its producer would."""
        return await publish(self.conn, self.infra.names, payload, **kwargs)

    async def scalar(self, sql: str, **params: Any) -> Any:
        """One value from messaging's database."""
        async with self.service.engine.connect() as conn:
            return (await conn.execute(text(sql), params)).scalar()

    async def wait_until(self, sql: str, expected: Any, **params: Any) -> None:
        """Wait until a query answers `expected`."""

        async def holds() -> bool:
            return bool(await self.scalar(sql, **params) == expected)

        await eventually(holds, timeout=15)

    async def place_order(
        self, *, items: int = 2, status: OrderStatus | None = None, at: datetime = T0
    ) -> Order:
        """Publish an order placed (and optionally a status change) and wait for messaging's view."""
        order = Order(uuid.uuid4(), uuid.uuid4(), [uuid.uuid4() for _ in range(items)])
        await self.publish(order.placed(at))
        await self.wait_until(
            "SELECT count(*) FROM threads WHERE order_id = :o", 1, o=order.order_id
        )
        if status is not None:
            await self.move(order, status, at)
        return order

    async def move(self, order: Order, status: OrderStatus, at: datetime) -> None:
        """Publish a status change and wait until messaging's view shows it."""
        await self.publish(
            OrderStatusChanged(
                order_id=order.order_id,
                customer_id=order.customer_id,
                from_status=None,
                to_status=status,
                reason="test",
                changed_at=at,
            )
        )
        await self.wait_until(
            "SELECT status FROM order_views WHERE order_id = :o", status.value, o=order.order_id
        )

    async def upload(
        self, headers: dict[str, str], content: bytes, filename: str = "file.bin"
    ) -> httpx.Response:
        """Upload a file as a raw body."""
        return await self.client.post(
            "/attachments", content=content, headers={**headers, "X-Filename": filename}
        )

    async def post(self, order: Order, headers: dict[str, str], **body: Any) -> httpx.Response:
        """Post a message to an order."""
        message = {"title": "A question", "body": "Is it available in red?", **body}
        return await self.client.post(
            f"/orders/{order.order_id}/messages", json=message, headers=headers
        )


@dataclass
class Order:
    """An order as orders would describe it."""

    order_id: uuid.UUID
    customer_id: uuid.UUID
    item_ids: list[uuid.UUID]

    def placed(self, at: datetime) -> OrderPlaced:
        """Its `OrderPlaced` fact."""
        return OrderPlaced(
            order_id=self.order_id,
            order_number=f"D-{self.order_id.hex[:6]}",
            customer_id=self.customer_id,
            items=[
                OrderItem(
                    item_id=item_id,
                    marketplace=Marketplace.TAOBAO,
                    url="https://item.taobao.com/item.htm?id=1",
                    title="Canvas tote bag",
                    quantity=1,
                    expected_unit_price=Money.cny(4_500),
                )
                for item_id in self.item_ids
            ],
            address=Address(
                name="Hanako Yamada",
                postal_code="150-0001",
                prefecture="Tokyo",
                city="Shibuya-ku",
                line1="1-2-3 Jingumae",
                phone="090-1234-5678",
            ),
            shipping_preference="economy",
            placed_at=at,
        )


@pytest.fixture(scope="session")
async def messaging(
    infra: Infra,
    make_database: MakeDatabase,
    amqp_connection: aio_pika.abc.AbstractRobustConnection,
) -> AsyncIterator[Messaging]:
    """The messaging service running on this session's database and broker, with a manual clock.

    One for the whole session: its queues (and their retry TTLs) are declared once per namespace.
    """
    url = await make_database("messaging", MIGRATIONS)
    with tempfile.TemporaryDirectory(prefix="messaging-files-") as folder:
        settings = MessagingSettings(
            database_url=url,
            amqp_url=infra.amqp_url,
            namespace=infra.namespace,
            storage_dir=Path(folder),
            retry_delays_ms=[50, 100],
            relay_poll_interval_s=0.2,
            window_period=timedelta(days=30),
        )
        clock = ManualClock(T0)
        service, app = build(settings, clock)
        async with running(app) as client:
            yield Messaging(infra, amqp_connection, settings, service, client, clock, Path(folder))


@pytest.fixture(autouse=True)
def clock_at_start(messaging: Messaging) -> None:
    """Every test starts with the clock at T0."""
    messaging.clock.set(T0)
