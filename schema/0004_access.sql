-- 0004 · Access: login lockout, oversight of townships and counties, role revocation,
-- web sessions with CSRF tokens.

-- Lockout: after LOGIN_FAILURES_MAX wrong passwords the account is locked for a while;
-- the count is reset by a good login.
ALTER TABLE users
    ADD COLUMN failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    ADD COLUMN locked_until timestamptz,
    ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now();

-- Township (乡镇/街道) and county (县) officials see their communities and change nothing.
CREATE TABLE oversight_grants (
    user_id uuid NOT NULL REFERENCES users,
    township_id uuid REFERENCES townships,
    county_id uuid REFERENCES counties,
    CHECK (num_nonnulls(township_id, county_id) = 1),
    UNIQUE NULLS NOT DISTINCT (user_id, township_id, county_id)
);
CREATE INDEX oversight_grants_user ON oversight_grants (user_id);

-- A web session (cookie) carries a CSRF token for its forms; an API session has none.
ALTER TABLE sessions ADD COLUMN csrf_token_hash bytea CHECK (length(csrf_token_hash) = 32);

GRANT SELECT ON oversight_grants TO ledger_app;
-- Revoking a role deletes its row; the staff.revoked event keeps the history.
GRANT DELETE ON staff_roles TO ledger_app;

-- Fairness (DESIGN §2, 人情分): a staff member's own household and the households they
-- declare related. Nobody proposes, approves, rules on an objection about, or redeems for
-- a household linked to them; an award to a staff member's own household needs the
-- supervision committee.
CREATE TABLE staff_household_links (
    community_id uuid NOT NULL,
    user_id uuid NOT NULL REFERENCES users,
    household_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('own', 'related')),
    PRIMARY KEY (community_id, user_id, household_id)
);
CREATE INDEX staff_household_links_household ON staff_household_links (community_id, household_id);
GRANT SELECT, INSERT ON staff_household_links TO ledger_app;
