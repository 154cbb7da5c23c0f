"""Create a service's database and apply its SQL migrations, once each, in order."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from daikou_kit.db import asyncpg_dsn

log = logging.getLogger(__name__)

KIT_MIGRATIONS = Path(__file__).parent / "migrations"
_LOCK_KEY = 0x6461696B6F75  # one advisory lock per database: "daikou"


@dataclass(frozen=True)
class MigrationSet:
    """A component's ordered `NNNN_name.sql` files."""

    component: str
    directory: Path

    def files(self) -> list[Path]:
        """The migration files, in order."""
        return sorted(self.directory.glob("[0-9][0-9][0-9][0-9]_*.sql"))


KIT = MigrationSet("kit", KIT_MIGRATIONS)


def split_url(database_url: str) -> tuple[str, str]:
    """(server DSN connected to the `postgres` database, database name)."""
    dsn = asyncpg_dsn(database_url)
    base, _, rest = dsn.rpartition("/")
    name = rest.split("?", 1)[0]
    if not name:
        raise ValueError(f"no database name in {database_url}")
    return f"{base}/postgres", name


async def ensure_database(database_url: str) -> bool:
    """Create the database if it does not exist; True when it was created."""
    server, name = split_url(database_url)
    conn = await asyncpg.connect(server)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if exists:
            return False
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        except (asyncpg.DuplicateDatabaseError, asyncpg.UniqueViolationError):
            return False  # another process (a replica starting at the same time) made it
        return True
    finally:
        await conn.close()


async def drop_database(database_url: str) -> None:
    """Drop the database, disconnecting whoever is still on it."""
    server, name = split_url(database_url)
    conn = await asyncpg.connect(server)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def migrate(database_url: str, *sets: MigrationSet) -> list[str]:
    """Apply every migration not yet applied (the kit's first); returns what it applied."""
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    applied: list[str] = []
    try:
        await conn.execute("SELECT pg_advisory_lock($1)", _LOCK_KEY)
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " component text NOT NULL, name text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (component, name))"
        )
        done = {
            (r["component"], r["name"]) for r in await conn.fetch("SELECT * FROM schema_migrations")
        }
        for migration_set in (KIT, *sets):
            for path in migration_set.files():
                if (migration_set.component, path.name) in done:
                    continue
                async with conn.transaction():
                    await conn.execute(path.read_text())
                    await conn.execute(
                        "INSERT INTO schema_migrations (component, name) VALUES ($1, $2)",
                        migration_set.component,
                        path.name,
                    )
                applied.append(f"{migration_set.component}/{path.name}")
                log.info("applied migration %s/%s", migration_set.component, path.name)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", _LOCK_KEY)
        await conn.close()
    return applied
