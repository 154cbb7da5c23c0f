-- What the last published calendar snapshot held, so a changed configured calendar is published
-- at start-up (once, whichever replica starts first).
ALTER TABLE business_calendar_revision ADD COLUMN published_digest text NOT NULL DEFAULT '';
