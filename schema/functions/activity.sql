-- Activity by month (tables in 0025, which says what counts): each event's figure added to
-- its community's month, and the household marked as taking part that month; and an award's
-- or a deduction's points added to its household's month for the red and black lists (0027).
-- Called by ledger_chain for every event, under the head lock, in the append's transaction:
-- at most one insert into household_month_activity, one upsert of household_month_points and
-- one of community_month_activity, and nothing at all for the kinds that move no figure.
-- ledger/domain/activity.py is the same rule for the rebuild's replay.
CREATE OR REPLACE FUNCTION ledger_count_activity(p_event events) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_figure_kind text := p_event.kind;
    v_month date := date_trunc('month', p_event.occurred_on)::date;
    v_awarded bigint := 0;
    v_deducted bigint := 0;
    v_redeemed bigint := 0;
    v_fund_in bigint := 0;
    v_fund_out bigint := 0;
    v_taking_part integer := 0;
    v_times integer := 1;
BEGIN
    IF p_event.kind NOT IN ('award.confirmed', 'deduction.recorded', 'redemption.made', 'reversal.recorded',
                            'redemption.cancelled', 'fund.contributed', 'fund.spent') THEN
        RETURN;
    END IF;
    IF p_event.kind IN ('reversal.recorded', 'redemption.cancelled') THEN
        -- Taken back out of the month of the entry it reverses (one primary-key read; rare).
        SELECT date_trunc('month', t.occurred_on)::date, t.kind INTO v_month, v_figure_kind
            FROM events t
            WHERE t.community_id = p_event.community_id AND t.seq = (p_event.body ->> 'reversed_seq')::bigint;
    END IF;
    CASE v_figure_kind
        WHEN 'award.confirmed' THEN v_awarded := p_event.honour_delta;
        WHEN 'deduction.recorded' THEN v_deducted := -p_event.honour_delta;
        WHEN 'redemption.made' THEN v_redeemed := -p_event.spendable_delta;
        WHEN 'fund.contributed' THEN v_fund_in := p_event.money_delta_fen;
        WHEN 'fund.spent' THEN v_fund_out := -p_event.money_delta_fen;
        ELSE RETURN;  -- a reversal of anything else moves no figure (none is reversible today)
    END CASE;
    IF v_figure_kind IN ('award.confirmed', 'deduction.recorded') AND p_event.household_id IS NOT NULL THEN
        -- A reversal carries its entry's household and its points negated (ledger_reverse):
        -- it takes both, and one from the count, out of the entry's month and kind.
        IF p_event.kind IN ('reversal.recorded', 'redemption.cancelled') THEN
            v_times := -1;
        END IF;
        INSERT INTO household_month_points AS b (community_id, month, kind, household_id, points, times)
            VALUES (p_event.community_id, v_month, v_figure_kind, p_event.household_id, p_event.honour_delta,
                    v_times)
            ON CONFLICT (community_id, month, kind, household_id) DO UPDATE SET
                points = b.points + excluded.points, times = b.times + excluded.times;
    END IF;
    IF p_event.kind IN ('award.confirmed', 'deduction.recorded', 'redemption.made')
            AND p_event.household_id IS NOT NULL THEN
        INSERT INTO household_month_activity (community_id, month, household_id)
            VALUES (p_event.community_id, v_month, p_event.household_id)
            ON CONFLICT (community_id, month, household_id) DO NOTHING;
        GET DIAGNOSTICS v_taking_part = ROW_COUNT;
    END IF;
    INSERT INTO community_month_activity AS a (community_id, month, points_awarded, points_deducted,
            points_redeemed, fund_in_fen, fund_out_fen, households_taking_part)
        VALUES (p_event.community_id, v_month, v_awarded, v_deducted, v_redeemed, v_fund_in, v_fund_out,
                v_taking_part)
        ON CONFLICT (community_id, month) DO UPDATE SET
            points_awarded = a.points_awarded + excluded.points_awarded,
            points_deducted = a.points_deducted + excluded.points_deducted,
            points_redeemed = a.points_redeemed + excluded.points_redeemed,
            fund_in_fen = a.fund_in_fen + excluded.fund_in_fen,
            fund_out_fen = a.fund_out_fen + excluded.fund_out_fen,
            households_taking_part = a.households_taking_part + excluded.households_taking_part;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_count_activity(events) TO ledger_app;

-- The same counting for every event a transaction chained after p_after_seq, in one statement:
-- a batch (the group commit's redemptions) counts its events once, at its end, rather than
-- event by event, which would update the community's month row once per event (a chain of row
-- versions that each next update walks). Same figures as ledger_count_activity, event for event.
CREATE OR REPLACE FUNCTION ledger_count_activity_since(p_community_id uuid, p_after_seq bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    WITH counted AS (
        SELECT e.kind, e.household_id, e.honour_delta, e.spendable_delta, e.money_delta_fen,
               coalesce(t.kind, e.kind) AS figure_kind,
               date_trunc('month', coalesce(t.occurred_on, e.occurred_on))::date AS month
        FROM events e
        -- A primary-key read for each reversal, never a join over the whole log (LIMIT keeps the
        -- planner from turning the lateral read into a hash join over the community's events).
        LEFT JOIN LATERAL (
            SELECT r.kind, r.occurred_on FROM events r
            WHERE e.kind IN ('reversal.recorded', 'redemption.cancelled')
              AND r.community_id = e.community_id AND r.seq = (e.body ->> 'reversed_seq')::bigint
            LIMIT 1
        ) t ON true
        WHERE e.community_id = p_community_id AND e.seq > p_after_seq
          AND e.kind IN ('award.confirmed', 'deduction.recorded', 'redemption.made', 'reversal.recorded',
                         'redemption.cancelled', 'fund.contributed', 'fund.spent')
    ), figures AS (
        SELECT month,
               sum(CASE WHEN figure_kind = 'award.confirmed' THEN honour_delta ELSE 0 END) AS awarded,
               sum(CASE WHEN figure_kind = 'deduction.recorded' THEN -honour_delta ELSE 0 END) AS deducted,
               sum(CASE WHEN figure_kind = 'redemption.made' THEN -spendable_delta ELSE 0 END) AS redeemed,
               sum(CASE WHEN figure_kind = 'fund.contributed' THEN money_delta_fen ELSE 0 END) AS fund_in,
               sum(CASE WHEN figure_kind = 'fund.spent' THEN -money_delta_fen ELSE 0 END) AS fund_out
        FROM counted
        WHERE figure_kind IN ('award.confirmed', 'deduction.recorded', 'redemption.made', 'fund.contributed',
                              'fund.spent')
        GROUP BY month
    ), points AS (
        -- A reversal takes its entry's points and one from the count out of the entry's month
        -- and kind (0027).
        INSERT INTO household_month_points AS b (community_id, month, kind, household_id, points, times)
            SELECT p_community_id, month, figure_kind, household_id, sum(honour_delta),
                   sum(CASE WHEN kind IN ('reversal.recorded', 'redemption.cancelled') THEN -1 ELSE 1 END)
            FROM counted
            WHERE figure_kind IN ('award.confirmed', 'deduction.recorded') AND household_id IS NOT NULL
            GROUP BY month, figure_kind, household_id
            ON CONFLICT (community_id, month, kind, household_id) DO UPDATE SET
                points = b.points + excluded.points, times = b.times + excluded.times
    ), newcomers AS (
        INSERT INTO household_month_activity (community_id, month, household_id)
            SELECT DISTINCT p_community_id, month, household_id FROM counted
            WHERE kind IN ('award.confirmed', 'deduction.recorded', 'redemption.made') AND household_id IS NOT NULL
            ON CONFLICT (community_id, month, household_id) DO NOTHING
            RETURNING month
    ), taking_part AS (
        SELECT month, count(*) AS households FROM newcomers GROUP BY month
    )
    INSERT INTO community_month_activity AS a (community_id, month, points_awarded, points_deducted,
            points_redeemed, fund_in_fen, fund_out_fen, households_taking_part)
        SELECT p_community_id, f.month, f.awarded, f.deducted, f.redeemed, f.fund_in, f.fund_out,
               coalesce(p.households, 0)
        FROM figures f LEFT JOIN taking_part p USING (month)
        ON CONFLICT (community_id, month) DO UPDATE SET
            points_awarded = a.points_awarded + excluded.points_awarded,
            points_deducted = a.points_deducted + excluded.points_deducted,
            points_redeemed = a.points_redeemed + excluded.points_redeemed,
            fund_in_fen = a.fund_in_fen + excluded.fund_in_fen,
            fund_out_fen = a.fund_out_fen + excluded.fund_out_fen,
            households_taking_part = a.households_taking_part + excluded.households_taking_part;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_count_activity_since(uuid, bigint) TO ledger_app;
