-- A charge that arrives after the 2nd billing was paid is settled from the deposit instead.
ALTER TABLE charges ADD COLUMN settled_at timestamptz;
