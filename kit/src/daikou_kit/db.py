"""Database engine helpers and the kit's own tables (outbox, inbox)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

kit_metadata = MetaData()

outbox_table = Table(
    "outbox",
    kit_metadata,
    Column("id", BigInteger, primary_key=True),
    Column("message_id", Uuid, nullable=False, unique=True),
    Column("routing_key", Text, nullable=False),
    Column("message_type", Text, nullable=False),
    Column("correlation_id", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("mandatory", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True)),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("traceparent", Text),
)

inbox_table = Table(
    "inbox",
    kit_metadata,
    Column("consumer", Text, primary_key=True),
    Column("message_id", Uuid, primary_key=True),
    Column("received_at", DateTime(timezone=True), nullable=False),
)


def timestamp(name: str, *, nullable: bool = True) -> Column[object]:
    """A timezone-aware timestamp column."""
    return Column(name, DateTime(timezone=True), nullable=nullable)


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """An async engine on asyncpg with a bounded pool."""
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        # no pre-ping: it costs a round trip per transaction; a dropped connection fails the
        # request or message, which is retried, and the pool replaces the connection
        pool_recycle=1800,
    )


def asyncpg_dsn(url: str) -> str:
    """The plain libpq DSN asyncpg wants, from an SQLAlchemy URL."""
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)
