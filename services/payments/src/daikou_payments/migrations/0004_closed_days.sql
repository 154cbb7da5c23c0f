-- The service's own closed days that staff manage (the configured file holds the yearly ones),
-- and the revision of the calendar snapshot last published.
CREATE TABLE closed_days (
    day         date PRIMARY KEY,
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL,
    created_by  text NOT NULL
);

CREATE TABLE business_calendar_revision (
    id        integer PRIMARY KEY CHECK (id = 1),
    revision  integer NOT NULL CHECK (revision >= 0)
);
INSERT INTO business_calendar_revision (id, revision) VALUES (1, 0);
