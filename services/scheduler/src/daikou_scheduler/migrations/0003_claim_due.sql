-- Firing's claim as a function that keeps to `deadlines_pending_due`. Every fired or cancelled
-- deadline leaves a dead entry in that partial index until vacuum; with few deadlines pending the
-- planner picks a bitmap scan, which cannot mark those entries dead and so visits the table for each
-- of them on every claim (223 pages for 20,000 fired since the last vacuum). A plain index scan marks
-- them dead on its first visit and steps over them afterwards (the index's pages only). The planner
-- settings apply inside this function only.
CREATE FUNCTION deadlines_claim_due(claim_at timestamptz, max_rows integer)
RETURNS TABLE (deadline_id text, requester text, kind text, due_at timestamptz, payload jsonb,
               correlation_id text, causation_id text, lateness_ms bigint)
LANGUAGE plpgsql
SET enable_bitmapscan = off
SET enable_seqscan = off
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        WITH due AS (
            SELECT deadline_id FROM deadlines
            WHERE status = 'pending' AND due_at <= claim_at
            ORDER BY due_at LIMIT max_rows FOR UPDATE SKIP LOCKED)
        UPDATE deadlines d SET status = 'fired', fired_at = claim_at, updated_at = claim_at,
            lateness_ms = greatest(0, floor(extract(epoch FROM (claim_at - d.due_at)) * 1000))::bigint
        FROM due WHERE d.deadline_id = due.deadline_id
        RETURNING d.deadline_id, d.requester, d.kind, d.due_at, d.payload, d.correlation_id,
            d.causation_id, d.lateness_ms;
END $$;
