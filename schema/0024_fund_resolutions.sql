-- 0024 · The happiness fund under 四议两公开: above a threshold the community sets (in fen;
-- 0, the default, leaves the rule off), an expenditure names the resolution of the meeting
-- that approved it (村民代表会议 or 村民会议), recorded first as its own event. A resolution
-- covers one expenditure of at most its amount. The board posts the resolution (决议公开)
-- and, with its receipt photo, the result (实施结果公开).
ALTER TABLE communities ADD COLUMN fund_resolution_threshold_fen bigint NOT NULL DEFAULT 0;
ALTER TABLE communities ADD CONSTRAINT communities_fund_resolution_threshold_range
    CHECK (fund_resolution_threshold_fen BETWEEN 0 AND 10000000000);

-- One row per recorded resolution, a projection of its fund.resolved event; expenditure_seq
-- (the fund.spent event that used it) and the receipt (its fund.receipt_added event and
-- photo) are filled in later, each by its own event.
CREATE TABLE fund_resolutions (
    community_id uuid NOT NULL,
    resolution_id uuid NOT NULL,
    resolved_seq bigint NOT NULL,
    meeting text NOT NULL,
    meeting_on date NOT NULL,
    purpose text NOT NULL,
    amount_fen bigint NOT NULL,
    entitled integer NOT NULL,
    attended integer NOT NULL,
    voted_for integer NOT NULL,
    expenditure_seq bigint,
    receipt_seq bigint,
    receipt_image_id uuid,
    CONSTRAINT fund_resolutions_pkey PRIMARY KEY (community_id, resolution_id),
    -- The database repeats the service's rule: one expenditure per resolution, and no
    -- expenditure under two (NULLs, the unused ones, are distinct).
    CONSTRAINT fund_resolutions_one_expenditure UNIQUE (community_id, expenditure_seq),
    CONSTRAINT fund_resolutions_receipt_image_fkey FOREIGN KEY (community_id, receipt_image_id) REFERENCES images,
    CONSTRAINT fund_resolutions_meeting_known CHECK (meeting IN ('villager_representatives', 'villagers')),
    CONSTRAINT fund_resolutions_amount_range CHECK (amount_fen BETWEEN 1 AND 10000000000),
    CONSTRAINT fund_resolutions_purpose_length CHECK (length(purpose) BETWEEN 2 AND 100),
    CONSTRAINT fund_resolutions_votes_possible CHECK (0 <= voted_for AND voted_for <= attended AND attended <= entitled),
    CONSTRAINT fund_resolutions_receipt_after_spending CHECK (receipt_seq IS NULL OR expenditure_seq IS NOT NULL),
    CONSTRAINT fund_resolutions_receipt_whole CHECK ((receipt_seq IS NULL) = (receipt_image_id IS NULL))
);

GRANT SELECT, INSERT, UPDATE ON fund_resolutions TO ledger_app;
