-- Each order's item titles (from `orders.order_placed`), so a notice about one item can name it.
ALTER TABLE orders ADD COLUMN item_titles jsonb NOT NULL DEFAULT '{}'::jsonb;
