"""The payments service's tables, for SQLAlchemy Core (the schema lives in migrations/)."""

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

orders_seen = Table(
    "orders_seen",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("customer_id", Uuid, nullable=False),
    Column("rate", JSONB),
    Column("cancelled_at", DateTime(timezone=True)),
)

billings = Table(
    "billings",
    metadata,
    Column("billing_id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False),
    Column("customer_id", Uuid, nullable=False),
    Column("kind", Text, nullable=False),
    Column("currency", Text, nullable=False),
    Column("lines", JSONB, nullable=False),
    Column("total", BigInteger, nullable=False),
    Column("paid_by_deposit", BigInteger, nullable=False),
    Column("paid_by_transfer", BigInteger, nullable=False),
    Column("paid_by_card", BigInteger, nullable=False),
    Column("status", Text, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("paid_at", DateTime(timezone=True)),
    Column("voided_at", DateTime(timezone=True)),
)

deposit_accounts = Table(
    "deposit_accounts",
    metadata,
    Column("customer_id", Uuid, primary_key=True),
    Column("currency", Text, nullable=False),
    Column("balance", BigInteger, nullable=False),
)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("entry_id", Uuid, primary_key=True),
    Column("seq", BigInteger, nullable=False),  # bigserial: the database numbers it
    Column("customer_id", Uuid, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("reason", Text, nullable=False),
    Column("balance_after", BigInteger, nullable=False),
    Column("order_id", Uuid),
    Column("billing_id", Uuid),
    Column("note", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

transfers = Table(
    "transfers",
    metadata,
    Column("transfer_id", Uuid, primary_key=True),
    Column("billing_id", Uuid, nullable=False),
    Column("order_id", Uuid, nullable=False),
    Column("customer_id", Uuid, nullable=False),
    Column("currency", Text, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("payer_name", Text, nullable=False),
    Column("transferred_on", Date, nullable=False),
    Column("status", Text, nullable=False),
    Column("reported_at", DateTime(timezone=True), nullable=False),
    Column("expected_confirmation_by", DateTime(timezone=True), nullable=False),
    Column("amount_received", BigInteger),
    Column("decided_at", DateTime(timezone=True)),
    Column("decided_by", Uuid),
    Column("reason", Text, nullable=False),
)

card_payments = Table(
    "card_payments",
    metadata,
    Column("paypal_order_id", Text, primary_key=True),
    Column("billing_id", Uuid, nullable=False),
    Column("customer_id", Uuid, nullable=False),
    Column("currency", Text, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("fee", BigInteger, nullable=False),
    Column("approve_url", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("capture_id", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("captured_at", DateTime(timezone=True)),
)

refunds = Table(
    "refunds",
    metadata,
    Column("refund_id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False),
    Column("customer_id", Uuid, nullable=False),
    Column("item_id", Uuid),
    Column("amount", BigInteger, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("kind", Text, nullable=False, server_default="other"),
)

charges = Table(
    "charges",
    metadata,
    Column("charge_id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False),
    Column("item_id", Uuid),
    Column("amount", BigInteger, nullable=False),
    Column("description", Text, nullable=False),
    Column("billing_id", Uuid),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("settled_at", DateTime(timezone=True)),
)

closed_days = Table(
    "closed_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("reason", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", Text, nullable=False),
)

business_calendar_revision = Table(
    "business_calendar_revision",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("revision", Integer, nullable=False),
    Column("published_digest", Text, nullable=False),
)
