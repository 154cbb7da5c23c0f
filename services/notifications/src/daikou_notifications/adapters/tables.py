"""SQLAlchemy Core tables of the notifications database (the schema itself lives in the migrations)."""

from sqlalchemy import Boolean, Column, Integer, MetaData, Table, Text, Uuid, text
from sqlalchemy.dialects.postgresql import JSONB

from daikou_kit.db import timestamp

metadata = MetaData()

contacts = Table(
    "contacts",
    metadata,
    Column("customer_id", Uuid, primary_key=True),
    Column("email", Text, nullable=False),
    Column("display_name", Text, nullable=False),
    Column("language", Text, nullable=False),
    timestamp("updated_at", nullable=False),
)

orders = Table(
    "orders",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("customer_id", Uuid, nullable=False),
    Column("order_number", Text, nullable=False),
    Column("item_titles", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("fact_key", Text, nullable=False, unique=True),
    Column("kind", Text, nullable=False),
    Column("customer_id", Uuid, nullable=False),
    Column("order_id", Uuid),
    Column("language", Text, nullable=False),
    Column("recipient", Text),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    timestamp("next_attempt_at"),
    Column("last_error", Text),
    timestamp("created_at", nullable=False),
    timestamp("sent_at"),
    timestamp("read_at"),
    Column("html", Text),
    Column("content", JSONB),
)

preferences = Table(
    "preferences",
    metadata,
    Column("customer_id", Uuid, primary_key=True),
    Column("kind", Text, primary_key=True),
    Column("email", Boolean, nullable=False),
    timestamp("updated_at", nullable=False),
)
