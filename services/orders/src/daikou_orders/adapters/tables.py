"""SQLAlchemy Core tables of the orders database (the schema itself lives in the migrations)."""

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
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()


def _ts(name: str, nullable: bool = True) -> Column[object]:
    return Column(name, DateTime(timezone=True), nullable=nullable)


orders = Table(
    "orders",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("order_number", Text, nullable=False),
    Column("customer_id", Uuid, nullable=False),
    Column("status", Text, nullable=False),
    Column("address", JSONB, nullable=False),
    Column("shipping_preference", Text, nullable=False),
    _ts("placed_at", False),
    _ts("updated_at", False),
    Column("version", Integer, nullable=False),
    Column("estimate", JSONB),
    Column("billing_revision", Integer, nullable=False),
    _ts("payment_due_at"),
    _ts("first_billing_paid_at"),
    _ts("inspection_completed_at"),
    _ts("photos_checked_at"),
    _ts("second_billing_paid_at"),
    Column("shipment", JSONB),
    _ts("auto_complete_at"),
    _ts("completed_at"),
    Column("completion_reason", Text),
    _ts("cancelled_at"),
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
)

order_history = Table(
    "order_history",
    metadata,
    Column("entry_id", BigInteger, primary_key=True, autoincrement=True),
    Column("order_id", Uuid, nullable=False),
    _ts("at", False),
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
    _ts("reported_at", False),
)
