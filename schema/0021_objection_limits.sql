-- 0021 · Objections cannot hold awards hostage: an open objection holds its award back,
-- so who objects is counted. The board's form counts by the address it came from, a card's
-- page by the card's household; both at most one open objection per award and a few a day
-- by the community's own calendar (ledger/limits.py has the numbers). The counts are taken
-- under the head lock in the transaction that records the objection.

-- A digest of the address, not the address: the rule needs only whether two objections
-- came from one address, and residents' addresses need not sit in the tables and backups.
ALTER TABLE objections ADD COLUMN address_digest bytea;
-- The household whose card objected (NULL from the board): for its own limits, never shown.
ALTER TABLE objections ADD COLUMN card_household_id uuid;
-- The community's day the objection was raised on (NULL for objections raised before this
-- migration, which no limit counts).
ALTER TABLE objections ADD COLUMN raised_on date;

ALTER TABLE objections ADD CONSTRAINT objections_address_digest_length
    CHECK (address_digest IS NULL OR length(address_digest) = 32);

-- The day's count for one address or one card is an index range scan.
CREATE INDEX objections_by_address ON objections (community_id, address_digest, raised_on)
    WHERE address_digest IS NOT NULL;
CREATE INDEX objections_by_card ON objections (community_id, card_household_id, raised_on)
    WHERE card_household_id IS NOT NULL;

-- The database repeats the first rule: one open objection per award from one address or
-- one card (the service refuses first, in words; these stop a bug from slipping past it).
CREATE UNIQUE INDEX objections_open_per_address ON objections (community_id, award_seq, address_digest)
    WHERE status = 'open' AND address_digest IS NOT NULL;
CREATE UNIQUE INDEX objections_open_per_card ON objections (community_id, award_seq, card_household_id)
    WHERE status = 'open' AND card_household_id IS NOT NULL;
