-- Each customer's contact, learnt from the gateway's `gateway.account_registered` facts.
CREATE TABLE contacts (
    customer_id  uuid PRIMARY KEY,
    email        text NOT NULL,
    display_name text NOT NULL,
    language     text NOT NULL CHECK (language IN ('ja', 'en')),
    updated_at   timestamptz NOT NULL
);

-- Each order's customer and number, learnt from `orders.order_placed` (some facts name only the order).
CREATE TABLE orders (
    order_id     uuid PRIMARY KEY,
    customer_id  uuid NOT NULL,
    order_number text NOT NULL
);

-- Every notification, at most one per fact and kind (`fact_key`), with its delivery status.
CREATE TABLE notifications (
    id              uuid PRIMARY KEY,
    fact_key        text NOT NULL UNIQUE,
    kind            text NOT NULL,
    customer_id     uuid NOT NULL,
    order_id        uuid,
    language        text NOT NULL,
    recipient       text,
    subject         text NOT NULL,
    body            text NOT NULL,
    status          text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'no_contact')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notifications_customer ON notifications (customer_id, created_at);
