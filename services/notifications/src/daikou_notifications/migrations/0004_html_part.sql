-- The HTML part of each mail (the plain-text body laid out); older notifications have none and
-- are sent as plain text.
ALTER TABLE notifications ADD COLUMN html text;
