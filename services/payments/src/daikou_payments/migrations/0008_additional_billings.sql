-- Additional billings: a cost after the 2nd billing was paid that the deposit could not cover.
-- An order has at most one 1st and one 2nd billing, and any number of additional ones.
ALTER TABLE billings DROP CONSTRAINT billings_kind_check;
ALTER TABLE billings ADD CONSTRAINT billings_kind_check
    CHECK (kind IN ('first', 'second', 'additional'));
ALTER TABLE billings DROP CONSTRAINT billings_order_id_kind_key;
CREATE UNIQUE INDEX billings_order_kind ON billings (order_id, kind)
    WHERE kind IN ('first', 'second');
CREATE INDEX billings_order ON billings (order_id);
