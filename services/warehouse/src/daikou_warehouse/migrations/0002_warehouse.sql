-- Orders, expected items, arrivals, inspections with photos, exchange/return cases, parcels, shipments.
CREATE TABLE wh_orders (
    order_id uuid PRIMARY KEY,
    customer_id uuid NOT NULL,
    cancelled_at timestamptz,
    second_billing_paid_at timestamptz,
    inspection_completed_at timestamptz,
    photos_released_at timestamptz,
    packed_at timestamptz,
    packing_method text,
    destination text,
    international_fee_amount bigint,
    international_fee_currency text,
    dispatched_at timestamptz,
    created_at timestamptz NOT NULL
);

CREATE TABLE wh_items (
    item_id uuid PRIMARY KEY,
    order_id uuid NOT NULL REFERENCES wh_orders (order_id),
    title text NOT NULL DEFAULT '',
    options jsonb NOT NULL DEFAULT '{}'::jsonb,
    expected_quantity integer NOT NULL DEFAULT 0 CHECK (expected_quantity >= 0),
    purchased boolean NOT NULL DEFAULT false,
    cancelled_at timestamptz,
    returned_at timestamptz,
    current_inspection_id uuid,
    open_case_id uuid
);
CREATE INDEX wh_items_order ON wh_items (order_id);

CREATE TABLE wh_arrivals (
    arrival_id uuid PRIMARY KEY,
    order_id uuid NOT NULL REFERENCES wh_orders (order_id),
    item_id uuid NOT NULL REFERENCES wh_items (item_id),
    quantity integer NOT NULL CHECK (quantity >= 1),
    tracking_number text NOT NULL DEFAULT '',
    arrived_at timestamptz NOT NULL,
    recorded_by uuid NOT NULL
);
CREATE INDEX wh_arrivals_order ON wh_arrivals (order_id);

CREATE TABLE wh_inspections (
    inspection_id uuid PRIMARY KEY,
    order_id uuid NOT NULL REFERENCES wh_orders (order_id),
    item_id uuid NOT NULL REFERENCES wh_items (item_id),
    result text NOT NULL,
    quantity_received integer NOT NULL CHECK (quantity_received >= 0),
    type_matches boolean NOT NULL,
    notes text NOT NULL DEFAULT '',
    inspected_at timestamptz NOT NULL,
    inspected_by uuid NOT NULL
);
CREATE INDEX wh_inspections_order ON wh_inspections (order_id);

CREATE TABLE wh_photos (
    photo_id uuid PRIMARY KEY,
    inspection_id uuid NOT NULL REFERENCES wh_inspections (inspection_id),
    order_id uuid NOT NULL REFERENCES wh_orders (order_id),
    position integer NOT NULL,
    sha256 text NOT NULL,
    content_type text NOT NULL,
    size_bytes bigint NOT NULL,
    UNIQUE (inspection_id, position)
);
CREATE INDEX wh_photos_order ON wh_photos (order_id);

CREATE TABLE wh_cases (
    case_id uuid PRIMARY KEY,
    order_id uuid NOT NULL REFERENCES wh_orders (order_id),
    item_id uuid NOT NULL REFERENCES wh_items (item_id),
    kind text NOT NULL,
    reason text NOT NULL,
    state text NOT NULL,
    opened_by_role text NOT NULL,
    opened_at timestamptz NOT NULL,
    seller_note text NOT NULL DEFAULT '',
    responded_at timestamptz,
    outcome text,
    local_shipping_cost_amount bigint,
    local_shipping_cost_currency text,
    resolved_at timestamptz
);
CREATE INDEX wh_cases_order ON wh_cases (order_id);
-- At most one open case per item.
CREATE UNIQUE INDEX wh_cases_one_open ON wh_cases (item_id) WHERE state <> 'resolved';

CREATE TABLE wh_parcels (
    parcel_id uuid PRIMARY KEY,
    order_id uuid NOT NULL REFERENCES wh_orders (order_id),
    position integer NOT NULL,
    weight_g integer NOT NULL CHECK (weight_g >= 1),
    length_cm integer NOT NULL CHECK (length_cm >= 1),
    width_cm integer NOT NULL CHECK (width_cm >= 1),
    height_cm integer NOT NULL CHECK (height_cm >= 1),
    volumetric_weight_g integer NOT NULL,
    chargeable_weight_g integer NOT NULL,
    fee_amount bigint NOT NULL,
    fee_currency text NOT NULL,
    tracking_number text,
    UNIQUE (order_id, position)
);

CREATE TABLE wh_shipments (
    shipment_id uuid PRIMARY KEY,
    order_id uuid NOT NULL UNIQUE REFERENCES wh_orders (order_id),
    carrier text NOT NULL,
    method text NOT NULL,
    dispatched_at timestamptz NOT NULL,
    dispatched_by uuid NOT NULL
);
