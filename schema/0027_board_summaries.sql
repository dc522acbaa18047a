-- 0027 · The monthly red and black lists (0013) kept with the append, so a list never reads
-- the log: one row per household, month and kind (award.confirmed for the red list,
-- deduction.recorded for the black), with the honour points and the number of entries of
-- that kind in the month that have not been reversed. Written by ledger_count_activity
-- (schema/functions/activity.sql) beside the month's activity (0025), in the append's
-- transaction; a reversal takes its entry back out of the entry's own month and kind
-- (points and one from the count), so a row whose entries were all reversed has times = 0
-- and is on no list. A month of a million-event village is then a few hundred rows (one a
-- household), where the covering index (0017) gave every award of the month.
--
-- Distributed by community_id, colocated with events (ledger/store/distribution.py).

CREATE TABLE household_month_points (
    community_id uuid NOT NULL,
    month date NOT NULL,
    kind text NOT NULL,
    household_id uuid NOT NULL,
    points bigint NOT NULL DEFAULT 0,
    times integer NOT NULL DEFAULT 0,
    CONSTRAINT household_month_points_pkey PRIMARY KEY (community_id, month, kind, household_id),
    CONSTRAINT household_month_points_kind CHECK (kind IN ('award.confirmed', 'deduction.recorded')),
    CONSTRAINT household_month_points_month_first_day CHECK (extract(day FROM month) = 1)
);
-- No CHECK (times >= 0): an upsert's proposed row is checked before it meets the row it
-- adds to, and a reversal proposes times = -1.

-- A list in its order: the month's rows by points, read from the top (the red list) or the
-- bottom (the black) until the list is full, the household and count riding along — an
-- index-only scan of a dozen entries, ties then sorted by household number.
CREATE INDEX household_month_points_ranked ON household_month_points (community_id, kind, month, points)
    INCLUDE (household_id, times);

-- DELETE for the rebuild alone (ledger/store/activity.py); the append only inserts and adds.
GRANT SELECT, INSERT, UPDATE, DELETE ON household_month_points TO ledger_app;

-- The log as it stands, once, by the lists' own rule (later events are counted as they are
-- appended): each confirmed award and recorded deduction of a household, less those reversed.
INSERT INTO household_month_points (community_id, month, kind, household_id, points, times)
    SELECT e.community_id, date_trunc('month', e.occurred_on)::date, e.kind, e.household_id,
           sum(e.honour_delta), count(*)
    FROM events e
    LEFT JOIN reversals r ON r.community_id = e.community_id AND r.reversed_seq = e.seq
    WHERE e.kind IN ('award.confirmed', 'deduction.recorded') AND e.household_id IS NOT NULL
      AND r.reversed_seq IS NULL
    GROUP BY e.community_id, date_trunc('month', e.occurred_on), e.kind, e.household_id;
