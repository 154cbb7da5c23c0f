"""Helpers of the notifications integration tests: the running service and a real SMTP server."""

import dataclasses
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aio_pika
import httpx
import pytest
from sqlalchemy import text

from daikou_contracts.catalogue.accounts import AccountRegistered, Language
from daikou_contracts.catalogue.common import Address, Marketplace, OrderItem
from daikou_contracts.catalogue.orders import OrderPlaced
from daikou_contracts.message import Payload
from daikou_contracts.money import Money
from daikou_kit.runtime import Service
from daikou_kit.testing import (
    Infra,
    MakeDatabase,
    delete_namespace_queues,
    eventually,
    publish,
    running,
)
from daikou_notifications.mailcatcher import MailCatcher
from daikou_notifications.settings import NotificationsSettings
from daikou_notifications.wiring import MIGRATIONS, build

WEB_URL = "http://web.test/"


@dataclass
class Notifications:
    """The running service, its client, and the mail server it sends to."""

    infra: Infra
    conn: aio_pika.abc.AbstractRobustConnection
    settings: NotificationsSettings
    service: Service
    client: httpx.AsyncClient
    smtp: MailCatcher

    async def publish(self, payload: Payload, **kwargs: Any) -> Any:
        """Publish a fact as its producer would."""
        return await publish(self.conn, self.infra.names, payload, **kwargs)

    async def rows(self, sql: str, **params: Any) -> list[Any]:
        """Rows from the service's database."""
        async with self.service.engine.connect() as conn:
            return list((await conn.execute(text(sql), params)).all())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def smtp() -> Iterator[MailCatcher]:
    """A real SMTP server (aiosmtpd) on loopback."""
    catcher = MailCatcher(_free_port()).start()
    yield catcher
    catcher.stop()


@pytest.fixture(scope="session")
async def infra(infra: Infra) -> AsyncIterator[Infra]:
    """The session's servers in a broker namespace of this service's own (it consumes many facts)."""
    own = dataclasses.replace(infra, namespace=f"{infra.namespace}-notifications")
    yield own
    connection = await aio_pika.connect(own.amqp_url)
    try:
        await delete_namespace_queues(connection, own.namespace)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
async def notifications(
    infra: Infra, make_database: MakeDatabase, smtp: MailCatcher
) -> AsyncIterator[Notifications]:
    """The notifications service on this session's database and broker, sending to `smtp`."""
    url = await make_database("notifications", MIGRATIONS)
    settings = NotificationsSettings(
        database_url=url,
        amqp_url=infra.amqp_url,
        namespace=infra.namespace,
        web_url=WEB_URL,
        smtp_port=smtp.port,
        retry_delays_ms=[50, 100],
        relay_poll_interval_s=0.2,
        delivery_poll_interval_s=0.1,
        retry_base_s=0.3,
        retry_max_s=1.0,
        max_attempts=20,
    )
    service, app = build(settings)
    connection = await aio_pika.connect_robust(infra.amqp_url)
    try:
        async with running(app) as client:
            yield Notifications(infra, connection, settings, service, client, smtp)
    finally:
        await connection.close()


T0 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)


async def customer_with_order(n: Notifications, language: Language) -> tuple[str, uuid.UUID]:
    """A registered customer (a fresh address) with a placed order: the address and order id."""
    customer_id, order_id = uuid.uuid4(), uuid.uuid4()
    email = f"c-{customer_id.hex[:12]}@example.jp"
    await n.publish(
        AccountRegistered(
            customer_id=customer_id,
            email=email,
            display_name="Hanako",
            language=language,
            registered_at=T0,
        )
    )
    await n.publish(
        OrderPlaced(
            order_id=order_id,
            order_number=f"DK-{order_id.hex[:6]}",
            customer_id=customer_id,
            items=[
                OrderItem(
                    item_id=uuid.uuid4(),
                    marketplace=Marketplace.TAOBAO,
                    url="https://item.taobao.com/item.htm?id=1",
                    title="Canvas tote bag",
                    quantity=1,
                    expected_unit_price=Money.cny(4_500),
                )
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
            placed_at=T0,
        )
    )

    async def known() -> bool:
        return bool(
            await n.rows("SELECT 1 FROM orders WHERE order_id = :id", id=order_id)
        ) and bool(await n.rows("SELECT 1 FROM contacts WHERE email = :e", e=email))

    await eventually(known)
    return email, order_id


async def customer_of(n: Notifications, order_id: uuid.UUID) -> uuid.UUID:
    rows = await n.rows("SELECT customer_id FROM orders WHERE order_id = :id", id=order_id)
    return uuid.UUID(str(rows[0][0]))
