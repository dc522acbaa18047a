-- 0013 · The monthly red and black lists (红榜 / 黑榜). Policy: how many on the red list;
-- whether the black list is public at all (off by default); how long a list stays up.
ALTER TABLE communities
    ADD COLUMN red_board_size smallint NOT NULL DEFAULT 10 CHECK (red_board_size BETWEEN 1 AND 100),
    ADD COLUMN black_board_public boolean NOT NULL DEFAULT false,
    ADD COLUMN board_listing_days smallint NOT NULL DEFAULT 30 CHECK (board_listing_days BETWEEN 1 AND 366);

-- Awards and deductions by the month they happened in, for the lists.
CREATE INDEX events_monthly_points ON events (community_id, kind, occurred_on)
    WHERE kind IN ('award.confirmed', 'deduction.recorded');
