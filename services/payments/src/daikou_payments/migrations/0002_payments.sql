-- Orders as payments knows them: the customer and the exchange rate from the estimate.
CREATE TABLE orders_seen (
    order_id     uuid PRIMARY KEY,
    customer_id  uuid NOT NULL,
    rate         jsonb,
    cancelled_at timestamptz
);

-- Billings: the 1st (items, China shipping, fees) and the 2nd (international shipping) per order.
CREATE TABLE billings (
    billing_id       uuid PRIMARY KEY,
    order_id         uuid        NOT NULL,
    customer_id      uuid        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('first', 'second')),
    currency         text        NOT NULL,
    lines            jsonb       NOT NULL,
    total            bigint      NOT NULL CHECK (total >= 0),
    paid_by_deposit  bigint      NOT NULL DEFAULT 0 CHECK (paid_by_deposit >= 0),
    paid_by_transfer bigint      NOT NULL DEFAULT 0 CHECK (paid_by_transfer >= 0),
    paid_by_card     bigint      NOT NULL DEFAULT 0 CHECK (paid_by_card >= 0),
    status           text        NOT NULL CHECK (status IN ('open', 'paid', 'voided')),
    revision         integer     NOT NULL,
    issued_at        timestamptz NOT NULL,
    paid_at          timestamptz,
    voided_at        timestamptz,
    UNIQUE (order_id, kind),
    CHECK (paid_by_deposit + paid_by_transfer + paid_by_card <= total)
);
CREATE INDEX billings_customer ON billings (customer_id);

-- One balance row per customer: the row lock serialises concurrent debits.
CREATE TABLE deposit_accounts (
    customer_id uuid PRIMARY KEY,
    currency    text   NOT NULL,
    balance     bigint NOT NULL CHECK (balance >= 0)
);

-- The append-only ledger; the balance row always equals the sum of its customer's entries.
CREATE TABLE ledger_entries (
    entry_id      uuid PRIMARY KEY,
    seq           bigserial   NOT NULL,
    customer_id   uuid        NOT NULL REFERENCES deposit_accounts (customer_id),
    amount        bigint      NOT NULL CHECK (amount <> 0),
    reason        text        NOT NULL,
    balance_after bigint      NOT NULL CHECK (balance_after >= 0),
    order_id      uuid,
    billing_id    uuid,
    note          text        NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL
);
CREATE INDEX ledger_entries_customer ON ledger_entries (customer_id, seq);

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only';
END $$;
CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

-- Bank transfers the customer reported, and what staff decided.
CREATE TABLE transfers (
    transfer_id              uuid PRIMARY KEY,
    billing_id               uuid        NOT NULL REFERENCES billings (billing_id),
    order_id                 uuid        NOT NULL,
    customer_id              uuid        NOT NULL,
    currency                 text        NOT NULL,
    amount                   bigint      NOT NULL CHECK (amount > 0),
    payer_name               text        NOT NULL,
    transferred_on           date        NOT NULL,
    status                   text        NOT NULL CHECK (status IN ('reported', 'confirmed', 'rejected')),
    reported_at              timestamptz NOT NULL,
    expected_confirmation_by timestamptz NOT NULL,
    amount_received          bigint CHECK (amount_received > 0),
    decided_at               timestamptz,
    decided_by               uuid,
    reason                   text NOT NULL DEFAULT ''
);
CREATE INDEX transfers_status ON transfers (status, reported_at);
CREATE INDEX transfers_billing ON transfers (billing_id);

-- Card payments through PayPal: one PayPal order per attempt, captured at most once.
CREATE TABLE card_payments (
    paypal_order_id text PRIMARY KEY,
    billing_id      uuid        NOT NULL REFERENCES billings (billing_id),
    customer_id     uuid        NOT NULL,
    currency        text        NOT NULL,
    amount          bigint      NOT NULL CHECK (amount > 0),
    fee             bigint      NOT NULL CHECK (fee >= 0),
    approve_url     text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('created', 'captured')),
    capture_id      text UNIQUE,
    created_at      timestamptz NOT NULL,
    captured_at     timestamptz
);
CREATE INDEX card_payments_billing ON card_payments (billing_id);

-- Refunds to the deposit; one per (order, item) for item refunds, one per order for cancellation.
CREATE TABLE refunds (
    refund_id   uuid PRIMARY KEY,
    order_id    uuid        NOT NULL,
    customer_id uuid        NOT NULL,
    item_id     uuid,
    amount      bigint      NOT NULL CHECK (amount > 0),
    reason      text        NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX refunds_item ON refunds (order_id, item_id) WHERE item_id IS NOT NULL;

-- Extra costs (exchange/return local shipping) charged on the order's 2nd billing.
CREATE TABLE charges (
    charge_id   uuid PRIMARY KEY,
    order_id    uuid        NOT NULL,
    item_id     uuid,
    amount      bigint      NOT NULL CHECK (amount > 0),
    description text        NOT NULL,
    billing_id  uuid REFERENCES billings (billing_id),
    created_at  timestamptz NOT NULL
);
CREATE INDEX charges_order ON charges (order_id);
