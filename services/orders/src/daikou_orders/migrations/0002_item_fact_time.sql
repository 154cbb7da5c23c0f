-- When the warehouse fact behind an item's status happened, so an older fact arriving late is ignored.
ALTER TABLE order_items ADD COLUMN fact_at timestamptz;
