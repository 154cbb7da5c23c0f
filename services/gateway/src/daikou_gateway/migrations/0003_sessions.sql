-- Server-side sessions: a token names its session, which sign-out and a password change revoke.
CREATE TABLE sessions (
    id          uuid PRIMARY KEY,
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX sessions_account_idx ON sessions (account_id);

-- Sign-in attempts per account and per client address, in fixed windows (shared by every replica).
CREATE TABLE sign_in_attempts (
    key           text PRIMARY KEY,
    window_start  timestamptz NOT NULL,
    attempts      integer NOT NULL
);
