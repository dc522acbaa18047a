-- 0010 · Propose → approve (maker-checker): scorers propose awards and deductions, for one
-- household or a batch after an event; committee members approve or reject, never their
-- own proposals.
CREATE TABLE proposals (
    community_id uuid NOT NULL,
    proposal_id uuid NOT NULL,
    batch_id uuid NOT NULL,
    household_id uuid NOT NULL,
    rule_id uuid NOT NULL,
    member text CHECK (length(member) <= 60),
    note text CHECK (length(note) <= 500),
    occurred_on date,
    proposer_id uuid NOT NULL,
    proposed_seq bigint NOT NULL,
    status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'rejected')),
    decided_by uuid,
    decided_seq bigint,
    PRIMARY KEY (community_id, proposal_id),
    FOREIGN KEY (community_id, household_id) REFERENCES households,
    FOREIGN KEY (community_id, rule_id) REFERENCES rules
);
CREATE INDEX proposals_open ON proposals (community_id, batch_id) WHERE status = 'proposed';

GRANT SELECT, INSERT, UPDATE ON proposals TO ledger_app;
