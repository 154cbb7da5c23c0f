"""SQLAlchemy Core descriptions of the warehouse tables (created by the SQL migrations)."""

from __future__ import annotations

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
    "wh_orders",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("customer_id", Uuid, nullable=False),
    timestamp("cancelled_at"),
    timestamp("second_billing_paid_at"),
    timestamp("inspection_completed_at"),
    timestamp("photos_released_at"),
    timestamp("packed_at"),
    Column("packing_method", Text),
    Column("destination", Text),
    Column("international_fee_amount", BigInteger),
    Column("international_fee_currency", Text),
    timestamp("dispatched_at"),
    timestamp("created_at", nullable=False),
)

items = Table(
    "wh_items",
    metadata,
    Column("item_id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False),
    Column("title", Text, nullable=False),
    Column("options", JSONB, nullable=False),
    Column("expected_quantity", Integer, nullable=False),
    Column("purchased", Boolean, nullable=False),
    timestamp("cancelled_at"),
    timestamp("returned_at"),
    Column("current_inspection_id", Uuid),
    Column("open_case_id", Uuid),
)

arrivals = Table(
    "wh_arrivals",
    metadata,
    Column("arrival_id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False),
    Column("item_id", Uuid, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("tracking_number", Text, nullable=False),
    timestamp("arrived_at", nullable=False),
    Column("recorded_by", Uuid, nullable=False),
    Column("package_id", Uuid),
    Column("seq", BigInteger, nullable=False),  # bigserial: the database numbers it
)

inspections = Table(
    "wh_inspections",
    metadata,
    Column("inspection_id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False),
    Column("item_id", Uuid, nullable=False),
    Column("result", Text, nullable=False),
    Column("quantity_received", Integer, nullable=False),
    Column("type_matches", Boolean, nullable=False),
    Column("notes", Text, nullable=False),
    timestamp("inspected_at", nullable=False),
    Column("inspected_by", Uuid, nullable=False),
    Column("seq", BigInteger, nullable=False),  # bigserial: the database numbers it
)

photos = Table(
    "wh_photos",
    metadata,
    Column("photo_id", Uuid, primary_key=True),
    Column("inspection_id", Uuid, nullable=False),
    Column("order_id", Uuid, nullable=False),
    Column("position", Integer, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("content_type", Text, nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
)

cases = Table(
    "wh_cases",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False),
    Column("item_id", Uuid, nullable=False),
    Column("kind", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("opened_by_role", Text, nullable=False),
    timestamp("opened_at", nullable=False),
    Column("seller_note", Text, nullable=False),
    timestamp("responded_at"),
    Column("outcome", Text),
    Column("local_shipping_cost_amount", BigInteger),
    Column("local_shipping_cost_currency", Text),
    timestamp("resolved_at"),
    Column("seq", BigInteger, nullable=False),  # bigserial: the database numbers it
)

parcels = Table(
    "wh_parcels",
    metadata,
    Column("parcel_id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False),
    Column("position", Integer, nullable=False),
    Column("weight_g", Integer, nullable=False),
    Column("length_cm", Integer, nullable=False),
    Column("width_cm", Integer, nullable=False),
    Column("height_cm", Integer, nullable=False),
    Column("volumetric_weight_g", Integer, nullable=False),
    Column("chargeable_weight_g", Integer, nullable=False),
    Column("fee_amount", BigInteger, nullable=False),
    Column("fee_currency", Text, nullable=False),
    Column("tracking_number", Text),
)

shipments = Table(
    "wh_shipments",
    metadata,
    Column("shipment_id", Uuid, primary_key=True),
    Column("order_id", Uuid, nullable=False),
    Column("carrier", Text, nullable=False),
    Column("method", Text, nullable=False),
    timestamp("dispatched_at", nullable=False),
    Column("dispatched_by", Uuid, nullable=False),
)
