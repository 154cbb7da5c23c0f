-- The transactional outbox: messages written with the state change, published by the relay.
CREATE TABLE outbox (
    id             bigserial PRIMARY KEY,
    message_id     uuid        NOT NULL UNIQUE,
    routing_key    text        NOT NULL,
    message_type   text        NOT NULL,
    correlation_id text        NOT NULL,
    body           text        NOT NULL,
    mandatory      boolean     NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL,
    published_at   timestamptz,
    attempts       integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error     text
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;

-- One notification per inserting statement wakes the relays (identical ones fold per transaction).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox', '');
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- The inbox: a consumed message id recorded in the same transaction as the handler's effects.
CREATE TABLE inbox (
    consumer    text        NOT NULL,
    message_id  uuid        NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
CREATE INDEX inbox_received_at ON inbox (received_at);
