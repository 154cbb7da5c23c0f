-- Withdrawals: the amount is debited from the deposit when requested (a reservation that cannot be
-- spent twice); staff pay it out with a reference, or refuse it and the amount is credited back.
CREATE TABLE withdrawals (
    withdrawal_id  uuid        PRIMARY KEY,
    customer_id    uuid        NOT NULL,
    currency       text        NOT NULL,
    amount         bigint      NOT NULL CHECK (amount > 0),
    bank_account   jsonb       NOT NULL,
    status         text        NOT NULL CHECK (status IN ('requested', 'paid_out', 'refused')),
    requested_at   timestamptz NOT NULL,
    decided_at     timestamptz,
    decided_by     uuid,
    reference      text        NOT NULL DEFAULT '',
    reason         text        NOT NULL DEFAULT '',
    CHECK ((status = 'requested') = (decided_at IS NULL))
);
CREATE INDEX withdrawals_customer ON withdrawals (customer_id, requested_at);
CREATE INDEX withdrawals_status ON withdrawals (status, requested_at);

-- Bank transfers the customer reported to top up the deposit, and what staff decided.
CREATE TABLE deposit_transfers (
    transfer_id     uuid        PRIMARY KEY,
    customer_id     uuid        NOT NULL,
    currency        text        NOT NULL,
    amount          bigint      NOT NULL CHECK (amount > 0),
    payer_name      text        NOT NULL,
    transferred_on  date        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('reported', 'confirmed', 'rejected')),
    reported_at     timestamptz NOT NULL,
    amount_received bigint      CHECK (amount_received > 0),
    decided_at      timestamptz,
    decided_by      uuid,
    reason          text        NOT NULL DEFAULT ''
);
CREATE INDEX deposit_transfers_customer ON deposit_transfers (customer_id, reported_at);
CREATE INDEX deposit_transfers_status ON deposit_transfers (status, reported_at);
