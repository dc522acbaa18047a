-- What a posted page form did, kept for the page the browser is sent to next (post →
-- redirect → get), so a reload of that page sends nothing again. In the database rather
-- than one server process's memory: with `ledger serve --workers N` the redirect often
-- lands on another process. Short-lived (minutes), bound to the session that posted
-- (the hash of its CSRF token; NULL for the public board) and to the page that shows it.
-- Like sessions, not a community's record: on Citus it stays on the coordinator.

CREATE TABLE page_notices (
    name text NOT NULL,
    owner_hash bytea,
    path text NOT NULL,
    outcome bytea NOT NULL,
    expires_at timestamptz NOT NULL,
    CONSTRAINT page_notices_pkey PRIMARY KEY (name),
    CONSTRAINT page_notices_name_length CHECK (length(name) BETWEEN 8 AND 64),
    CONSTRAINT page_notices_owner_hash_length CHECK (owner_hash IS NULL OR length(owner_hash) = 32),
    CONSTRAINT page_notices_outcome_size CHECK (octet_length(outcome) <= 33554432)
);

CREATE INDEX page_notices_expiry ON page_notices (expires_at);

GRANT SELECT, INSERT, DELETE ON page_notices TO ledger_app;
