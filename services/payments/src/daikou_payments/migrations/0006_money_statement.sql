-- What each refund gives back, so the order's money statement can pair it with what it undoes.
ALTER TABLE refunds ADD COLUMN kind text NOT NULL DEFAULT 'other'
    CHECK (kind IN ('other', 'item', 'cancellation', 'voided', 'lowered', 'unbilled_receipt'));

-- Every revision a billing had (the estimate, each correction, the final one).
CREATE TABLE billing_revisions (
    billing_id  uuid        NOT NULL REFERENCES billings (billing_id),
    revision    integer     NOT NULL,
    total       bigint      NOT NULL,
    lines       jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (billing_id, revision)
);
INSERT INTO billing_revisions (billing_id, revision, total, lines, recorded_at)
    SELECT billing_id, revision, total, lines, issued_at FROM billings;
