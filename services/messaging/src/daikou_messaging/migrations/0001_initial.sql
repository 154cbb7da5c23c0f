-- Messaging's own view of each order, built from orders' events.
CREATE TABLE order_views (
    order_id          uuid PRIMARY KEY,
    customer_id       uuid        NOT NULL,
    order_number      text,
    status            text,
    status_changed_at timestamptz,
    ended_at          timestamptz,
    window_closed_at  timestamptz,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX order_views_customer ON order_views (customer_id);

CREATE TABLE order_items (
    order_id    uuid    NOT NULL REFERENCES order_views (order_id),
    item_id     uuid    NOT NULL,
    pre_payment boolean NOT NULL,
    PRIMARY KEY (order_id, item_id)
);

-- One main thread and at most one problem thread per order.
CREATE TABLE threads (
    thread_id  uuid PRIMARY KEY,
    order_id   uuid        NOT NULL REFERENCES order_views (order_id),
    kind       text        NOT NULL CHECK (kind IN ('order', 'problem')),
    created_at timestamptz NOT NULL,
    UNIQUE (order_id, kind)
);

CREATE TABLE messages (
    message_id                 uuid PRIMARY KEY,
    thread_id                  uuid        NOT NULL REFERENCES threads (thread_id),
    order_id                   uuid        NOT NULL REFERENCES order_views (order_id),
    author_id                  uuid,
    author_role                text        NOT NULL CHECK (author_role IN ('customer', 'staff', 'system')),
    kind                       text        NOT NULL,
    title                      text        NOT NULL,
    body                       text        NOT NULL,
    purchase_condition_item_id uuid,
    posted_at                  timestamptz NOT NULL,
    read_at                    timestamptz
);
CREATE INDEX messages_thread ON messages (thread_id, posted_at);
CREATE INDEX messages_order ON messages (order_id, posted_at);
-- The staff inbox: unread customer messages across orders.
CREATE INDEX messages_unread_customer ON messages (posted_at)
    WHERE author_role = 'customer' AND read_at IS NULL;

-- Uploaded files: bytes live in content-addressed storage, this row says who may see them.
CREATE TABLE attachments (
    attachment_id uuid PRIMARY KEY,
    uploader_id   uuid        NOT NULL,
    uploader_role text        NOT NULL,
    sha256        text        NOT NULL,
    content_type  text        NOT NULL,
    size_bytes    bigint      NOT NULL CHECK (size_bytes > 0),
    filename      text        NOT NULL,
    uploaded_at   timestamptz NOT NULL,
    message_id    uuid REFERENCES messages (message_id),
    order_id      uuid REFERENCES order_views (order_id),
    position      smallint CHECK (position BETWEEN 0 AND 2),
    UNIQUE (message_id, position)
);
CREATE INDEX attachments_message ON attachments (message_id);
