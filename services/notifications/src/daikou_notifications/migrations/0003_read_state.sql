-- The customer's in-app list: every notification is a notice they can read in the web client,
-- whatever happened to its e-mail; `read_at` is when they marked it read.
ALTER TABLE notifications ADD COLUMN read_at timestamptz;
CREATE INDEX notifications_unread ON notifications (customer_id) WHERE read_at IS NULL;
