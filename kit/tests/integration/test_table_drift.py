"""The kit's tables match its migrations, and every kind of drift is named."""

import pytest
from sqlalchemy import BigInteger, Column, DateTime, MetaData, Table, Text, Uuid

from daikou_kit.db import kit_metadata
from daikou_kit.table_drift import table_drift
from daikou_kit.testing import MakeDatabase

pytestmark = pytest.mark.integration


async def test_the_kit_tables_match_its_migrations(make_database: MakeDatabase) -> None:
    url = await make_database("kit_tables", None)
    assert await table_drift(url, kit_metadata) == []


async def test_a_missing_table_a_missing_column_a_type_and_a_nullability_are_named(
    make_database: MakeDatabase,
) -> None:
    url = await make_database("kit_drift", None)
    drifted = MetaData()
    Table(
        "inbox",
        drifted,
        Column("consumer", Text, primary_key=True),
        Column("message_id", Text, primary_key=True),  # created as uuid
        Column("received_at", DateTime(timezone=True)),  # created NOT NULL
        Column("handled_by", Text),  # never created
    )
    Table("ghosts", drifted, Column("id", Uuid, primary_key=True))
    Table("outbox", drifted, Column("id", BigInteger, primary_key=True))  # the rest undefined

    drift = await table_drift(url, drifted)

    assert "inbox.message_id: type TEXT defined, UUID created" in drift
    assert "inbox.received_at: nullable=True defined, nullable=False created" in drift
    assert "inbox.handled_by: defined but not created by the migrations" in drift
    assert "ghosts: defined but not created by the migrations" in drift
    assert "outbox.routing_key: created by the migrations but not defined" in drift
    assert not any(line.startswith("inbox.consumer") for line in drift)
