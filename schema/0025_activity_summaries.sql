-- 0025 · Activity by month, kept with the append, for the township's and county's charts.
--
-- A township official looks at 20–200 villages a year at a time: points awarded, deducted
-- and redeemed, the fund's money in and out, and how many households took part, per village
-- and month. Summed from the log at each look, that is millions of events; kept here, it is
-- one row per village and month. Both tables are projections like the balances: written in
-- the same transaction as each event, by ledger_count_activity (schema/functions/
-- activity.sql), called from ledger_chain, which every event passes through — so group
-- commit and Citus's delegated functions stay one call, each community's rows on its own
-- worker (both tables distributed by community_id, colocated with events).
--
-- What counts, by the event's own date (occurred_on, the community's calendar):
-- - awarded: the honour points of award.confirmed (direct awards, approved proposals,
--   honours' bonuses, awards whose publicity ended) — counted when they take effect;
-- - deducted: the honour points a deduction.recorded takes (positive here);
-- - redeemed: the points a redemption.made spends;
-- - a reversal or a cancellation takes its figure back out of the month of the entry it
--   reverses, so a month's figures are net of what was later undone;
-- - fund in / out: fen of fund.contributed / fund.spent (the opening balance carried in
--   from paper is neither);
-- - households taking part: households with an award, a deduction or a redemption that
--   month (household_month_activity holds one row for each; a later reversal does not take
--   the household out: it did take part).

CREATE TABLE community_month_activity (
    community_id uuid NOT NULL,
    month date NOT NULL,
    points_awarded bigint NOT NULL DEFAULT 0,
    points_deducted bigint NOT NULL DEFAULT 0,
    points_redeemed bigint NOT NULL DEFAULT 0,
    fund_in_fen bigint NOT NULL DEFAULT 0,
    fund_out_fen bigint NOT NULL DEFAULT 0,
    households_taking_part integer NOT NULL DEFAULT 0,
    CONSTRAINT community_month_activity_pkey PRIMARY KEY (community_id, month),
    CONSTRAINT community_month_activity_month_first_day CHECK (extract(day FROM month) = 1)
);

CREATE TABLE household_month_activity (
    community_id uuid NOT NULL,
    month date NOT NULL,
    household_id uuid NOT NULL,
    CONSTRAINT household_month_activity_pkey PRIMARY KEY (community_id, month, household_id),
    CONSTRAINT household_month_activity_month_first_day CHECK (extract(day FROM month) = 1)
);

-- DELETE for the rebuild alone (ledger/store/activity.py), which rewrites a community's rows
-- from the log; the append only inserts and adds.
GRANT SELECT, INSERT, UPDATE, DELETE ON community_month_activity TO ledger_app;
GRANT SELECT, INSERT, DELETE ON household_month_activity TO ledger_app;

-- The log as it stands, once (later events are counted as they are appended).
INSERT INTO household_month_activity (community_id, month, household_id)
    SELECT DISTINCT community_id, date_trunc('month', occurred_on)::date, household_id
    FROM events
    WHERE kind IN ('award.confirmed', 'deduction.recorded', 'redemption.made') AND household_id IS NOT NULL;

INSERT INTO community_month_activity (community_id, month, points_awarded, points_deducted, points_redeemed,
                                      fund_in_fen, fund_out_fen, households_taking_part)
    SELECT figures.community_id, figures.month, sum(figures.awarded), sum(figures.deducted), sum(figures.redeemed),
           sum(figures.fund_in), sum(figures.fund_out), 0
    FROM (
        SELECT e.community_id, date_trunc('month', coalesce(target.occurred_on, e.occurred_on))::date AS month,
               CASE WHEN coalesce(target.kind, e.kind) = 'award.confirmed' THEN e.honour_delta ELSE 0 END AS awarded,
               CASE WHEN coalesce(target.kind, e.kind) = 'deduction.recorded' THEN -e.honour_delta ELSE 0 END AS deducted,
               CASE WHEN coalesce(target.kind, e.kind) = 'redemption.made' THEN -e.spendable_delta ELSE 0 END AS redeemed,
               CASE WHEN e.kind = 'fund.contributed' THEN e.money_delta_fen ELSE 0 END AS fund_in,
               CASE WHEN e.kind = 'fund.spent' THEN -e.money_delta_fen ELSE 0 END AS fund_out
        FROM events e
        LEFT JOIN events target ON target.community_id = e.community_id
             AND e.kind IN ('reversal.recorded', 'redemption.cancelled')
             AND target.seq = (e.body ->> 'reversed_seq')::bigint
        WHERE e.kind IN ('award.confirmed', 'deduction.recorded', 'redemption.made', 'reversal.recorded',
                         'redemption.cancelled', 'fund.contributed', 'fund.spent')
    ) figures
    GROUP BY figures.community_id, figures.month;

-- Every household month has its community month: taking part is an award, a deduction or
-- a redemption, and each of those gave its month a row above.
UPDATE community_month_activity a SET households_taking_part = counted.households
    FROM (SELECT community_id, month, count(*) AS households FROM household_month_activity
          GROUP BY community_id, month) counted
    WHERE a.community_id = counted.community_id AND a.month = counted.month;
