-- Messages a service dead-lettered about an order: the order needs staff's attention until the
-- dead letter is replayed and applied, or staff clear the flag.
CREATE TABLE dead_letter_flags (
    order_id          uuid NOT NULL REFERENCES orders (order_id),
    service           text NOT NULL,
    message_id        text NOT NULL,
    message_type      text NOT NULL,
    reason            text NOT NULL,
    detail            text NOT NULL,
    dead_lettered_at  timestamptz NOT NULL,
    PRIMARY KEY (order_id, service, message_id)
);
