"""Where a service's SQLAlchemy tables differ from what its migrations created.

The migrations are the truth of the database; the `Table` definitions are how the adapters see it.
`table_drift(url, metadata)` reads the migrated database and names every difference: a table or
column that one side lacks, a column whose type or nullability differs. Types are compared as
PostgreSQL spells them (`TIMESTAMP WITH TIME ZONE`, `UUID`, `VARCHAR(20)`, ...). Each service has
one integration test asserting that the list is empty.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, Table, inspect
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import ReflectedColumn
from sqlalchemy.types import TypeEngine

from daikou_kit.db import create_engine

_DIALECT = postgresql.dialect()  # type: ignore[no-untyped-call]


async def table_drift(database_url: str, metadata: MetaData) -> list[str]:
    """Every difference between `metadata`'s tables and the database's (empty when they match)."""
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(_drift, metadata)
    finally:
        await engine.dispose()


def _drift(conn: Connection, metadata: MetaData) -> list[str]:
    """The differences, read through a synchronous inspector."""
    inspector = inspect(conn)
    existing = set(inspector.get_table_names(schema="public"))
    found: list[str] = []
    for table in metadata.sorted_tables:
        if table.name not in existing:
            found.append(f"{table.name}: defined but not created by the migrations")
            continue
        found.extend(_column_drift(table, inspector.get_columns(table.name, schema="public")))
    return found


def _column_drift(table: Table, reflected: list[ReflectedColumn]) -> list[str]:
    """The differences of one table's columns."""
    in_db = {c["name"]: c for c in reflected}
    found = [
        f"{table.name}.{name}: created by the migrations but not defined"
        for name in in_db
        if name not in table.columns
    ]
    for column in table.columns:
        db_column = in_db.get(column.name)
        if db_column is None:
            found.append(f"{table.name}.{column.name}: defined but not created by the migrations")
            continue
        defined, created = _spelled(column.type), _spelled(db_column["type"])
        if defined != created:
            found.append(f"{table.name}.{column.name}: type {defined} defined, {created} created")
        if bool(column.nullable) != bool(db_column["nullable"]):
            found.append(
                f"{table.name}.{column.name}: nullable={bool(column.nullable)} defined, "
                f"nullable={bool(db_column['nullable'])} created"
            )
    return found


def _spelled(column_type: TypeEngine[Any]) -> str:
    """A column type as PostgreSQL's DDL spells it."""
    return str(column_type.compile(dialect=_DIALECT))
