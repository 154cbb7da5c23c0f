"""SQLAlchemy Core tables of the orders database (the schema itself lives in the migrations)."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Integer,
    MetaData,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB

from daikou_kit.db import timestamp

metadata = MetaData()


orders = Table(
    "orders",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("order_number", Text, nullable=False),
    Column("customer_id", Uuid, nullable=False),
    Column("status", Text, nullable=False),
    Column("address", JSONB, nullable=False),
    Column("shipping_preference", Text, nullable=False),
    timestamp("placed_at", nullable=False),
    timestamp("updated_at", nullable=False),
    Column("version", Integer, nullable=False),
    Column("estimate", JSONB),
    Column("billing_revision", Integer, nullable=False),
    timestamp("payment_due_at"),
    timestamp("first_billing_paid_at"),
    timestamp("inspection_completed_at"),
    timestamp("photos_checked_at"),
    timestamp("second_billing_paid_at"),
    Column("shipment", JSONB),
    timestamp("auto_complete_at"),
    timestamp("completed_at"),
    Column("completion_reason", Text),
    timestamp("cancelled_at"),
    Column("cancel_reason", Text),
    Column("cancel_note", Text, nullable=False),
)

order_items = Table(
    "order_items",
    metadata,
    Column("item_id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False),
    Column("position", Integer, nullable=False),
    Column("marketplace", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("options", JSONB, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("expected_unit_price", JSONB, nullable=False),
    Column("status", Text, nullable=False),
    Column("unit_price", JSONB),
    Column("domestic_shipping", JSONB),
    Column("condition", JSONB),
    timestamp("fact_at"),
)

order_history = Table(
    "order_history",
    metadata,
    Column("entry_id", BigInteger, primary_key=True, autoincrement=True),
    Column("order_id", Uuid, nullable=False),
    timestamp("at", nullable=False),
    Column("actor", Text, nullable=False),
    Column("what", Text, nullable=False),
    Column("from_status", Text),
    Column("to_status", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("item_id", Uuid),
)

reception_reports = Table(
    "reception_reports",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("customer_id", Uuid, nullable=False),
    Column("result", Text, nullable=False),
    Column("comment", Text, nullable=False),
    Column("public", Boolean, nullable=False),
    Column("attachment_ids", JSONB, nullable=False),
    timestamp("reported_at", nullable=False),
)

business_calendar = Table(
    "business_calendar",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("revision", Integer, nullable=False),
    Column("closed_dates", JSONB, nullable=False),
    Column("closed_every_year", JSONB, nullable=False),
    timestamp("changed_at"),
)

payment_holds = Table(
    "payment_holds",
    metadata,
    Column("transfer_id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False),
    timestamp("reported_at", nullable=False),
    timestamp("released_at"),
    Column("outcome", Text),
)

dead_letter_flags = Table(
    "dead_letter_flags",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("service", Text, primary_key=True),
    Column("message_id", Text, primary_key=True),
    Column("message_type", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("detail", Text, nullable=False),
    timestamp("dead_lettered_at", nullable=False),
)
