-- Staff work lists read orders not yet dispatched, oldest first.
CREATE INDEX wh_orders_undispatched ON wh_orders (created_at, order_id) WHERE dispatched_at IS NULL;
CREATE INDEX wh_orders_dispatched ON wh_orders (created_at, order_id) WHERE dispatched_at IS NOT NULL;
