"""The gateway's SQLAlchemy tables (accounts, sessions) match what its migrations create."""

import pytest

from daikou_gateway.adapters import accounts, sessions
from daikou_gateway.wiring import MIGRATIONS
from daikou_kit.table_drift import table_drift
from daikou_kit.testing import MakeDatabase

pytestmark = pytest.mark.integration


async def test_the_tables_match_the_migrations(make_database: MakeDatabase) -> None:
    url = await make_database("gateway_tables", MIGRATIONS)
    assert sessions.sessions.metadata is accounts.metadata
    assert set(accounts.metadata.tables) >= {"accounts", "sessions"}
    assert await table_drift(url, accounts.metadata) == []
