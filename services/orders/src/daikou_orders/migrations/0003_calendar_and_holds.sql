-- This service's copy of the business calendar (owned by payments; replaced by each newer snapshot).
CREATE TABLE business_calendar (
    id                 integer PRIMARY KEY CHECK (id = 1),
    revision           integer NOT NULL CHECK (revision >= 0),
    closed_dates       jsonb NOT NULL,
    closed_every_year  jsonb NOT NULL,
    changed_at         timestamptz
);
INSERT INTO business_calendar (id, revision, closed_dates, closed_every_year)
VALUES (1, 0, '{}', '{}');

-- Bank transfers reported before the payment deadline hold it until staff decide.
CREATE TABLE payment_holds (
    transfer_id  uuid PRIMARY KEY,
    order_id     uuid NOT NULL REFERENCES orders (order_id),
    reported_at  timestamptz NOT NULL,
    released_at  timestamptz,
    outcome      text
);
CREATE INDEX payment_holds_open ON payment_holds (order_id) WHERE released_at IS NULL;
