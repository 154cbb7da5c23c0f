"""What each ops command does, against the real database and broker; returns plain data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection
from aiormq.exceptions import ChannelNotFoundEntity
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from daikou_kit import deadletters
from daikou_kit.deadletters import DeadLetter, Progress
from daikou_kit.ops.deadlines import DeadlineStatus, deadline_status
from daikou_kit.ops.outbox import OutboxStatus, outbox_status
from daikou_kit.ops.queues import QueueDepth, depths, fetch_queues
from daikou_kit.ops.targets import OpsSettings, service_settings
from daikou_kit.topology import Names


@dataclass(frozen=True)
class ServiceLetters:
    """One service's dead-letter queue: how many wait, the first few, or why it could not be read."""

    service: str
    queue: str
    total: int = 0
    letters: list[DeadLetter] = field(default_factory=list)
    error: str | None = None


@dataclass(frozen=True)
class Unreadable:
    """A service whose database could not be read."""

    service: str
    error: str


@asynccontextmanager
async def _broker(settings: OpsSettings) -> AsyncIterator[AbstractConnection]:
    connection = await aio_pika.connect(settings.amqp_url, timeout=10)
    try:
        yield connection
    finally:
        await connection.close()


@asynccontextmanager
async def _database(service: str) -> AsyncIterator[AsyncConnection]:
    engine = create_async_engine(service_settings(service).database_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            yield conn
    finally:
        await engine.dispose()


def dead_letter_queue(settings: OpsSettings, service: str) -> str:
    """A service's dead-letter queue in the configured namespace."""
    return Names(settings.namespace).dead_letter_queue(service)


async def _channel(connection: AbstractConnection) -> AbstractChannel:
    return await connection.channel(publisher_confirms=True)


async def list_letters(
    settings: OpsSettings, services: list[str], limit: int
) -> list[ServiceLetters]:
    """Each service's dead letters (the first `limit`), with the total waiting."""
    found: list[ServiceLetters] = []
    async with _broker(settings) as connection:
        for service in services:
            dlq = dead_letter_queue(settings, service)
            channel = await _channel(connection)
            try:
                total = await deadletters.count(channel, dlq)
                letters = await deadletters.list_dead_letters(channel, dlq, limit)
                found.append(ServiceLetters(service, dlq, total, letters))
            except ChannelNotFoundEntity:
                found.append(ServiceLetters(service, dlq, error="no such queue (not set up?)"))
            finally:
                if not channel.is_closed:
                    await channel.close()
    return found


async def show_letter(settings: OpsSettings, service: str, message_id: str) -> DeadLetter | None:
    """One dead letter by message id; it stays in the queue."""
    async with _broker(settings) as connection:
        channel = await _channel(connection)
        return await deadletters.find(channel, dead_letter_queue(settings, service), message_id)


async def waiting(settings: OpsSettings, service: str) -> int:
    """How many dead letters a service has."""
    async with _broker(settings) as connection:
        channel = await _channel(connection)
        return await deadletters.count(channel, dead_letter_queue(settings, service))


async def replay_letters(
    settings: OpsSettings,
    service: str,
    message_id: str | None,
    limit: int,
    progress: Progress | None = None,
) -> int:
    """Replay one dead letter (by id) or up to `limit`; returns how many went back."""
    async with _broker(settings) as connection:
        channel = await _channel(connection)
        dlq = dead_letter_queue(settings, service)
        return await deadletters.replay(channel, dlq, limit, message_id, progress)


async def purge_letters(
    settings: OpsSettings,
    service: str,
    message_id: str | None,
    limit: int,
    progress: Progress | None = None,
) -> int:
    """Remove one dead letter (by id) or up to `limit`; returns how many were removed."""
    async with _broker(settings) as connection:
        channel = await _channel(connection)
        dlq = dead_letter_queue(settings, service)
        return await deadletters.purge(channel, dlq, limit, message_id, progress)


async def outbox_report(
    services: list[str], now: datetime, limit: int
) -> list[OutboxStatus | Unreadable]:
    """Each service's outbox status, or why its database could not be read."""
    found: list[OutboxStatus | Unreadable] = []
    for service in services:
        try:
            async with _database(service) as conn:
                found.append(await outbox_status(conn, service, now, limit))
        except Exception as error:  # one unreachable database must not hide the others
            found.append(Unreadable(service, _reason(error)))
    return found


async def deadline_report(
    now: datetime, window: timedelta, late_threshold: timedelta
) -> DeadlineStatus:
    """The scheduler's deadlines."""
    async with _database("scheduler") as conn:
        return await deadline_status(conn, now, window, late_threshold)


async def queue_report(settings: OpsSettings) -> list[QueueDepth]:
    """The namespace's queue depths (raises `ManagementUnavailable` with the reason)."""
    rows: list[dict[str, Any]] = await fetch_queues(settings.management_url(), settings.vhost())
    return depths(rows, settings.namespace)


def _reason(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}"[:300]
