-- Orders, their items, their status history and the customers' reception reports.
CREATE TABLE orders (
    order_id                uuid PRIMARY KEY,
    order_number            text NOT NULL UNIQUE,
    customer_id             uuid NOT NULL,
    status                  text NOT NULL,
    address                 jsonb NOT NULL,
    shipping_preference     text NOT NULL,
    placed_at               timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL,
    version                 integer NOT NULL DEFAULT 1,
    estimate                jsonb,
    billing_revision        integer NOT NULL DEFAULT 0,
    payment_due_at          timestamptz,
    first_billing_paid_at   timestamptz,
    inspection_completed_at timestamptz,
    photos_checked_at       timestamptz,
    second_billing_paid_at  timestamptz,
    shipment                jsonb,
    auto_complete_at        timestamptz,
    completed_at            timestamptz,
    completion_reason       text,
    cancelled_at            timestamptz,
    cancel_reason           text,
    cancel_note             text NOT NULL DEFAULT ''
);
CREATE INDEX orders_customer_idx ON orders (customer_id, placed_at DESC);
CREATE INDEX orders_status_idx ON orders (status, placed_at DESC);

CREATE TABLE order_items (
    item_id                 uuid PRIMARY KEY,
    order_id                uuid NOT NULL REFERENCES orders (order_id),
    position                integer NOT NULL,
    marketplace             text NOT NULL,
    url                     text NOT NULL,
    title                   text NOT NULL,
    options                 jsonb NOT NULL,
    quantity                integer NOT NULL CHECK (quantity BETWEEN 1 AND 9999),
    expected_unit_price     jsonb NOT NULL,
    status                  text NOT NULL,
    unit_price              jsonb,
    domestic_shipping       jsonb,
    condition               jsonb,
    UNIQUE (order_id, position)
);

CREATE TABLE order_history (
    entry_id    bigserial PRIMARY KEY,
    order_id    uuid NOT NULL REFERENCES orders (order_id),
    at          timestamptz NOT NULL,
    actor       text NOT NULL,
    what        text NOT NULL,
    from_status text,
    to_status   text NOT NULL,
    reason      text NOT NULL,
    item_id     uuid
);
CREATE INDEX order_history_order_idx ON order_history (order_id, entry_id);

CREATE TABLE reception_reports (
    order_id       uuid PRIMARY KEY REFERENCES orders (order_id),
    customer_id    uuid NOT NULL,
    result         text NOT NULL,
    comment        text NOT NULL,
    public         boolean NOT NULL,
    attachment_ids jsonb NOT NULL,
    reported_at    timestamptz NOT NULL
);
CREATE INDEX reception_reports_feedback_idx ON reception_reports (reported_at DESC)
    WHERE public AND result = 'ok' AND comment <> '';
