-- Which kinds each customer wants by e-mail (a kind with no row: yes); a switched-off kind's
-- notification is recorded as `skipped`. Money and deadline kinds cannot be switched off.
CREATE TABLE preferences (
    customer_id uuid NOT NULL,
    kind        text NOT NULL,
    email       boolean NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (customer_id, kind)
);

ALTER TABLE notifications DROP CONSTRAINT notifications_status_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_status_check
    CHECK (status IN ('pending', 'sent', 'failed', 'no_contact', 'skipped'));
