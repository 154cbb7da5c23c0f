"""The messaging service's tables (SQLAlchemy Core), matching `migrations/`."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    MetaData,
    SmallInteger,
    Table,
    Text,
    Uuid,
)

metadata = MetaData()

order_views = Table(
    "order_views",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("customer_id", Uuid, nullable=False),
    Column("order_number", Text),
    Column("status", Text),
    Column("status_changed_at", DateTime(timezone=True)),
    Column("ended_at", DateTime(timezone=True)),
    Column("window_closed_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

order_items = Table(
    "order_items",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("item_id", Uuid, primary_key=True),
    Column("pre_payment", Boolean, nullable=False),
)

threads = Table(
    "threads",
    metadata,
    Column("thread_id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False),
    Column("kind", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

messages = Table(
    "messages",
    metadata,
    Column("message_id", Uuid, primary_key=True),
    Column("thread_id", Uuid, nullable=False),
    Column("order_id", Uuid, nullable=False),
    Column("author_id", Uuid),
    Column("author_role", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("purchase_condition_item_id", Uuid),
    Column("posted_at", DateTime(timezone=True), nullable=False),
    Column("read_at", DateTime(timezone=True)),
)

attachments = Table(
    "attachments",
    metadata,
    Column("attachment_id", Uuid, primary_key=True),
    Column("uploader_id", Uuid, nullable=False),
    Column("uploader_role", Text, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("content_type", Text, nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("filename", Text, nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
    Column("message_id", Uuid),
    Column("order_id", Uuid),
    Column("position", SmallInteger),
)
