-- Durable deadlines: one row per id, holding the latest intent (schedule or cancel) for it.
CREATE TABLE deadlines (
    deadline_id    text COLLATE "C" PRIMARY KEY,
    status         text        NOT NULL CHECK (status IN ('pending', 'fired', 'cancelled')),
    requester      text,
    kind           text,
    due_at         timestamptz,
    payload        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    intent_at      timestamptz NOT NULL,
    revision       integer     NOT NULL DEFAULT 0,
    correlation_id text        NOT NULL,
    causation_id   text,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    fired_at       timestamptz,
    lateness_ms    bigint,
    cancelled_at   timestamptz,
    -- Only a cancel of an id never scheduled leaves a row without a due time (a tombstone).
    CHECK (status = 'cancelled' OR (requester IS NOT NULL AND kind IS NOT NULL AND due_at IS NOT NULL))
);

-- Firing reads the earliest pending rows: a partial index keeps that cheap however many wait.
CREATE INDEX deadlines_pending_due ON deadlines (due_at) WHERE status = 'pending';
-- Lateness figures look at recent firings.
CREATE INDEX deadlines_fired_at ON deadlines (fired_at) WHERE status = 'fired';
-- Housekeeping forgets settled rows after their retention.
CREATE INDEX deadlines_settled ON deadlines (updated_at) WHERE status <> 'pending';
