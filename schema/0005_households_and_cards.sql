-- 0005 · Households as villages keep them: members, moving out and closing; cards with a
-- short code for manual entry, rotated and revoked.

ALTER TABLE households DROP CONSTRAINT households_status_check,
    ADD CONSTRAINT households_status_check CHECK (status IN ('active', 'moved_out', 'closed'));

-- Personal data is kept to what the job needs: a name, the relation to the head, an
-- optional phone, and never a full ID-card number (at most its last four characters).
-- Phones and ID digits stay out of the event log, which can never be edited or erased.
CREATE TABLE household_members (
    community_id uuid NOT NULL,
    household_id uuid NOT NULL,
    member_id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    relation text NOT NULL CHECK (relation IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other')),
    phone text CHECK (phone ~ '^[0-9+ -]{5,20}$'),
    id_card_last4 text CHECK (id_card_last4 ~ '^[0-9]{3}[0-9X]$'),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
    PRIMARY KEY (community_id, member_id),
    FOREIGN KEY (community_id, household_id) REFERENCES households
);
CREATE INDEX household_members_household ON household_members (community_id, household_id);

-- The short code printed under the QR code, for typing in by hand at the counter; like
-- the token it is kept only as a hash (of community and code).
ALTER TABLE cards ADD COLUMN short_code_hash bytea CHECK (length(short_code_hash) = 32);
CREATE UNIQUE INDEX cards_short_code ON cards (community_id, short_code_hash) WHERE revoked_at IS NULL;
CREATE INDEX cards_household ON cards (community_id, household_id) WHERE revoked_at IS NULL;

GRANT SELECT, INSERT, UPDATE ON household_members TO ledger_app;

-- Policy: the honour score at which a household earns each star (星级文明户), one to five.
ALTER TABLE communities ADD COLUMN star_thresholds integer[] NOT NULL DEFAULT '{50, 100, 200, 400, 800}'
    CHECK (cardinality(star_thresholds) BETWEEN 1 AND 5);
