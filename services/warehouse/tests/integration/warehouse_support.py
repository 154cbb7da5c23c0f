"""A running warehouse service on the session's database and broker, and helpers to drive it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aio_pika
import httpx
import pytest

from daikou_contracts.catalogue.common import BillingKind
from daikou_contracts.catalogue.orders import ItemPurchased, OrderCancelled, OrderCancelReason
from daikou_contracts.catalogue.payments import BillingPaid
from daikou_contracts.message import Payload
from daikou_contracts.money import Money
from daikou_kit.clock import ManualClock
from daikou_kit.testing import (
    Capture,
    Infra,
    MakeDatabase,
    actor_headers,
    capture,
    eventually,
    publish,
    running,
)
from daikou_warehouse.settings import WarehouseSettings
from daikou_warehouse.wiring import MIGRATIONS, build

TOKEN = "warehouse-test-token"
MAX_PHOTO_BYTES = 64 * 1024
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x01" * 300


@dataclass
class OrderSetup:
    """An order the warehouse was told about, and its items in purchase order."""

    order_id: uuid.UUID
    customer_id: uuid.UUID
    item_ids: list[uuid.UUID]


@dataclass
class Warehouse:
    """The service under test, its HTTP client and the broker."""

    client: httpx.AsyncClient
    connection: aio_pika.abc.AbstractRobustConnection
    infra: Infra
    clock: ManualClock
    photo_dir: Path
    staff_id: uuid.UUID = field(default_factory=uuid.uuid4)

    def staff(self) -> dict[str, str]:
        """Headers of a warehouse staff member."""
        return actor_headers(TOKEN, self.staff_id, "warehouse")

    def customer(self, customer_id: uuid.UUID) -> dict[str, str]:
        """Headers of a customer."""
        return actor_headers(TOKEN, customer_id, "customer")

    async def publish(self, payload: Payload, message_id: uuid.UUID | None = None) -> uuid.UUID:
        """Publish a fact as its producing service would (riding out a broker reconnection)."""
        message_id = message_id or uuid.uuid4()
        await _patiently(
            lambda: publish(self.connection, self.infra.names, payload, message_id=message_id)
        )
        return message_id

    async def order(self, order_id: uuid.UUID, headers: dict[str, str] | None = None) -> Any:
        """GET /orders/{id} as staff (or as given); the JSON body, or None when 404."""
        response = await self.client.get(f"/orders/{order_id}", headers=headers or self.staff())
        if response.status_code == 404:
            return None
        assert response.status_code == 200, response.text
        return response.json()

    async def wait_order(self, order_id: uuid.UUID, check: Callable[[Any], bool]) -> Any:
        """Wait until the order's record satisfies `check`; returns it."""

        async def holds() -> bool:
            body = await self.order(order_id)
            return body is not None and check(body)

        await eventually(holds)
        return await self.order(order_id)

    async def new_order(self, *quantities: int) -> OrderSetup:
        """Tell the warehouse (through the broker) that items of a new order were bought."""
        setup = OrderSetup(uuid.uuid4(), uuid.uuid4(), [uuid.uuid4() for _ in quantities])
        for n, (item_id, quantity) in enumerate(zip(setup.item_ids, quantities, strict=True)):
            await self.publish(
                ItemPurchased(
                    order_id=setup.order_id,
                    customer_id=setup.customer_id,
                    item_id=item_id,
                    title=f"item {n}",
                    quantity=quantity,
                )
            )
        await self.wait_order(setup.order_id, lambda o: len(o["items"]) == len(quantities))
        return setup

    async def arrive(self, order_id: uuid.UUID, *lines: tuple[uuid.UUID, int]) -> httpx.Response:
        """Record a package with these (item, quantity) lines."""
        return await self.client.post(
            f"/orders/{order_id}/arrivals",
            json={
                "tracking_number": "SF123",
                "items": [{"item_id": str(i), "quantity": q} for i, q in lines],
            },
            headers=self.staff(),
        )

    async def inspect(
        self,
        order_id: uuid.UUID,
        item_id: uuid.UUID,
        quantity: int,
        *,
        type_matches: bool = True,
        photos: list[bytes] | None = None,
        inspection_id: uuid.UUID | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """Submit the inspection form with photos."""
        data = {"quantity_received": str(quantity), "type_matches": str(type_matches).lower()}
        if inspection_id is not None:
            data["inspection_id"] = str(inspection_id)
        files = [("photos", (f"p{n}.jpg", p, "image/jpeg")) for n, p in enumerate(photos or [JPEG])]
        return await self.client.post(
            f"/orders/{order_id}/items/{item_id}/inspection",
            data=data,
            files=files,
            headers=headers or self.staff(),
        )

    async def inspected_order(self, *quantities: int) -> OrderSetup:
        """An order whose items all arrived and passed inspection."""
        setup = await self.new_order(*quantities)
        for item_id, quantity in zip(setup.item_ids, quantities, strict=True):
            assert (await self.arrive(setup.order_id, (item_id, quantity))).status_code == 201
            assert (await self.inspect(setup.order_id, item_id, quantity)).status_code == 201
        return setup

    async def pack(self, order_id: uuid.UUID, *parcels: dict[str, int]) -> httpx.Response:
        """Pack with EMS to JP."""
        return await self.client.post(
            f"/orders/{order_id}/packing",
            json={"method": "ems", "parcels": list(parcels)},
            headers=self.staff(),
        )

    async def pay_second_billing(self, setup: OrderSetup) -> None:
        """Payments reports the 2nd billing paid; wait until the warehouse saw it."""
        await self.publish(
            BillingPaid(
                billing_id=uuid.uuid4(),
                order_id=setup.order_id,
                customer_id=setup.customer_id,
                kind=BillingKind.SECOND,
                total=Money.jpy(5000),
                paid_by_deposit=Money.jpy(0),
                paid_by_transfer=Money.jpy(5000),
                paid_by_card=Money.jpy(0),
                paid_at=datetime.now(UTC),
            )
        )
        await self.wait_order(setup.order_id, lambda o: o["second_billing_paid"])

    async def cancel(self, setup: OrderSetup) -> None:
        """Orders reports the order cancelled; wait until the warehouse saw it."""
        await self.publish(
            OrderCancelled(
                order_id=setup.order_id,
                customer_id=setup.customer_id,
                reason=OrderCancelReason.STAFF,
                cancelled_at=datetime.now(UTC),
            )
        )
        await self.wait_order(setup.order_id, lambda o: o["cancelled"])


async def _patiently(attempt: Callable[[], Awaitable[Any]], timeout: float = 20.0) -> Any:
    """Retry a broker operation while the session's robust connection reconnects."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            return await attempt()
        except (RuntimeError, ConnectionError, aio_pika.exceptions.AMQPError):
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.2)


def of_order(seen: Capture, payload_type: type[Any], order_id: uuid.UUID) -> list[Any]:
    """The captured payloads of one type about one order."""
    return [p for p in seen.of_type(payload_type) if p.order_id == order_id]


@pytest.fixture(scope="session")
async def warehouse(
    infra: Infra,
    make_database: MakeDatabase,
    amqp_connection: aio_pika.abc.AbstractRobustConnection,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Warehouse]:
    """One warehouse service for the test session (each test uses orders of its own)."""
    url = await make_database("warehouse", MIGRATIONS)
    photo_dir = tmp_path_factory.mktemp("photos")
    settings = WarehouseSettings(
        database_url=url,
        amqp_url=infra.amqp_url,
        namespace=infra.namespace,
        internal_token=TOKEN,
        photo_dir=photo_dir,
        max_photo_bytes=MAX_PHOTO_BYTES,
        max_photos_per_inspection=3,
        retry_delays_ms=[100, 200],
        relay_poll_interval_s=0.2,
    )
    clock = ManualClock()
    _, app = build(settings, clock)
    async with running(app) as client:
        yield Warehouse(client, amqp_connection, infra, clock, photo_dir)


@pytest.fixture
async def warehouse_events(warehouse: Warehouse) -> AsyncIterator[Capture]:
    """Everything the warehouse publishes during one test."""

    async def attempt() -> tuple[Any, Capture]:
        opened = capture(warehouse.connection, warehouse.infra.names, "warehouse.#")
        return opened, await opened.__aenter__()

    opened, seen = await _patiently(attempt)
    try:
        yield seen
    finally:
        await opened.__aexit__(None, None, None)
