-- 0026 · Residents' own claims (村民申报): from the card page a resident claims a red-list
-- rule the committee marked claimable ("I swept the lane", with a photo). A claim is a
-- proposal whose maker is the household, not a staff member: the grid's scorer or the
-- committee decides it as any proposal (ledger_decide), the fairness rules applying to the
-- decider. Its event is award.claimed (no actor: the card is not a person's log-in).

-- Which rules a resident may claim (only awards: nobody claims a deduction of their own).
ALTER TABLE rules ADD COLUMN claimable boolean NOT NULL DEFAULT false;
ALTER TABLE rules ADD CONSTRAINT rules_claimable_award CHECK (NOT claimable OR points > 0);

-- A claim has no staff proposer; every other proposal has one.
ALTER TABLE proposals ADD COLUMN claimed boolean NOT NULL DEFAULT false;
ALTER TABLE proposals ALTER COLUMN proposer_id DROP NOT NULL;
ALTER TABLE proposals ADD CONSTRAINT proposals_maker CHECK (claimed = (proposer_id IS NULL));
-- The day it was claimed, in the community's calendar: what the limits count.
ALTER TABLE proposals ADD COLUMN claimed_on date;
ALTER TABLE proposals ADD CONSTRAINT proposals_claimed_on CHECK (claimed = (claimed_on IS NOT NULL));
-- Why a claim was rejected, shown to the resident on the card (a staff proposal's reason is
-- in its award.rejected event, as before).
ALTER TABLE proposals ADD COLUMN decision_reason text;
ALTER TABLE proposals ADD CONSTRAINT proposals_decision_reason_length CHECK (length(decision_reason) <= 500);
-- The award an approval made (its award.confirmed or publicity.started event), so that the
-- card can say where an approved claim stands: in publicity until a day, or confirmed.
ALTER TABLE proposals ADD COLUMN award_seq bigint;
CREATE INDEX proposals_claims_of_household ON proposals (community_id, household_id, claimed_on) WHERE claimed;

-- The community's limits on claims: per card per day, and per card per rule per day.
-- (A community that takes no claims marks no rule claimable.)
ALTER TABLE communities ADD COLUMN claims_per_day_max integer NOT NULL DEFAULT 3;
ALTER TABLE communities ADD CONSTRAINT communities_claims_per_day_max CHECK (claims_per_day_max BETWEEN 1 AND 20);
ALTER TABLE communities ADD COLUMN claims_per_rule_per_day_max integer NOT NULL DEFAULT 1;
ALTER TABLE communities ADD CONSTRAINT communities_claims_per_rule_per_day_max
    CHECK (claims_per_rule_per_day_max BETWEEN 1 AND 20);
