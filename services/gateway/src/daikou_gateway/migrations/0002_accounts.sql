-- Accounts: customers (self-registered) and staff (created by an operator).
CREATE TABLE accounts (
    id              uuid PRIMARY KEY,
    email           text NOT NULL,
    display_name    text NOT NULL,
    role            text NOT NULL CHECK (role IN ('customer', 'ops', 'warehouse')),
    password_hash   text NOT NULL,
    created_at      timestamptz NOT NULL,
    last_sign_in_at timestamptz
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email);
