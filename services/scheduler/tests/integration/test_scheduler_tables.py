"""The scheduler service's SQLAlchemy tables match what its migrations create."""

import pytest

from daikou_kit.table_drift import table_drift
from daikou_kit.testing import MakeDatabase
from daikou_scheduler.adapters.deadlines import metadata
from daikou_scheduler.wiring import MIGRATIONS

pytestmark = pytest.mark.integration


async def test_the_tables_match_the_migrations(make_database: MakeDatabase) -> None:
    url = await make_database("scheduler_tables", MIGRATIONS)
    assert metadata.tables, "no table defined"
    assert await table_drift(url, metadata) == []
