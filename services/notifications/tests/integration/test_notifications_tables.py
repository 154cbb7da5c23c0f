"""The notifications service's SQLAlchemy tables match what its migrations create."""

import pytest

from daikou_kit.table_drift import table_drift
from daikou_kit.testing import MakeDatabase
from daikou_notifications.adapters.tables import metadata
from daikou_notifications.wiring import MIGRATIONS

pytestmark = pytest.mark.integration


async def test_the_tables_match_the_migrations(make_database: MakeDatabase) -> None:
    url = await make_database("notifications_tables", MIGRATIONS)
    assert set(metadata.tables) == {"contacts", "orders", "notifications", "preferences"}
    assert await table_drift(url, metadata) == []
