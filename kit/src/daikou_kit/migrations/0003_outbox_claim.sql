-- The relay's statements, as functions that keep their plans on the outbox's indexes.
--
-- Claim: the oldest unpublished rows due now, locked for this transaction (SKIP LOCKED, so replicas
-- share the work). Every published row leaves a dead entry in `outbox_unpublished` until vacuum; a
-- bitmap scan, which the planner often picks here, visits the heap for each of them on every claim
-- (1.3 ms per claim at 15,000 published rows, growing with each message). A plain index scan marks
-- them dead in the index on its first visit and steps over them afterwards without touching the
-- heap (0.05 ms).
--
-- Mark: a prepared statement keeps the plan it was given while its table was small: planned just
-- after the outbox was created (or emptied), marking ten rows published scanned the whole table,
-- every time, until the next ANALYZE.
--
-- The planner settings apply inside these functions only.
CREATE FUNCTION outbox_claim(due_at timestamptz, max_rows integer) RETURNS SETOF outbox
LANGUAGE plpgsql
SET enable_bitmapscan = off
SET enable_seqscan = off
AS $$
BEGIN
    RETURN QUERY
        SELECT * FROM outbox
        WHERE published_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= due_at)
        ORDER BY id LIMIT max_rows FOR UPDATE SKIP LOCKED;
END $$;

CREATE FUNCTION outbox_mark_published(ids bigint[], at timestamptz) RETURNS void
LANGUAGE plpgsql
SET enable_bitmapscan = off
SET enable_seqscan = off
AS $$
BEGIN
    UPDATE outbox SET published_at = at WHERE id = ANY(ids);
END $$;

-- Each published row is one dead row version: vacuum after every 10,000 of them rather than after a
-- fifth of the table (with 72 hours of published rows kept, that could be millions).
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000);
