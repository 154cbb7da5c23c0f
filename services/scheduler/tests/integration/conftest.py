"""Fixtures of the scheduler's integration tests; the helpers live in `scheduler_support.py`."""

import dataclasses
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aio_pika
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from scheduler_support import scheduler_db, scheduler_url

from daikou_kit.testing import Infra, delete_namespace_queues

__all__ = ["infra", "scheduler_db", "scheduler_url"]


@pytest.fixture(scope="session")
async def infra(infra: Infra) -> AsyncIterator[Infra]:
    """The session's servers in a broker namespace of the scheduler's own.

    The scheduler consumes every service's commands: in the session's shared namespace it would
    also receive the commands other services' test instances are still publishing.
    """
    own = dataclasses.replace(infra, namespace=f"{infra.namespace}-scheduler")
    yield own
    connection = await aio_pika.connect(own.amqp_url)
    try:
        await delete_namespace_queues(connection, own.namespace)
    finally:
        await connection.close()
