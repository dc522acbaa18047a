-- Activity by month (tables in 0025, which says what counts): each event's figure added to
-- its community's month, and the household marked as taking part that month. Called by
-- ledger_chain for every event, under the head lock, in the append's transaction: at most
-- one insert into household_month_activity and one upsert of community_month_activity, and
-- nothing at all for the kinds that move no figure. ledger/domain/activity.py is the same
-- rule for the rebuild's replay.
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

-- The same count for the events a command has just chained, seqs after p_after_seq up to
-- p_last_seq (ledger_chain_all, a batch's awards): the same rule as ledger_count_activity,
-- applied to the lot, so one insert of the households taking part and one upsert per month
-- instead of two statements an event. Under the head lock, once they are in the log (a
-- reversal's entry may be among them). (Each row written takes its community from the events it is made of, so that
-- on Citus the statement stays on the community's shards.)
CREATE OR REPLACE FUNCTION ledger_count_activity_all(p_community_id uuid, p_after_seq bigint, p_last_seq bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_month date;
    v_count integer;
    v_months date[] := '{}';
    v_joined integer[] := '{}';
BEGIN
    -- Month by month (a batch's awards mostly share one): the insert itself says how many
    -- households it marked, where an anti-join would compare each with the month's rows.
    FOR v_month IN
        SELECT DISTINCT date_trunc('month', e.occurred_on)::date FROM events e
        WHERE e.community_id = p_community_id AND e.seq > p_after_seq AND e.seq <= p_last_seq
          AND e.kind IN ('award.confirmed', 'deduction.recorded', 'redemption.made') AND e.household_id IS NOT NULL
    LOOP
        INSERT INTO household_month_activity (community_id, month, household_id)
            SELECT DISTINCT e.community_id, v_month, e.household_id FROM events e
            WHERE e.community_id = p_community_id AND e.seq > p_after_seq AND e.seq <= p_last_seq
              AND e.kind IN ('award.confirmed', 'deduction.recorded', 'redemption.made')
              AND e.household_id IS NOT NULL
              AND e.occurred_on >= v_month AND e.occurred_on < (v_month + interval '1 month')::date
            ON CONFLICT (community_id, month, household_id) DO NOTHING;
        GET DIAGNOSTICS v_count = ROW_COUNT;
        v_months := v_months || v_month;
        v_joined := v_joined || v_count;
    END LOOP;
    INSERT INTO community_month_activity AS a (community_id, month, points_awarded, points_deducted,
            points_redeemed, fund_in_fen, fund_out_fen, households_taking_part)
        SELECT f.community_id, f.month,
               coalesce(sum(f.honour_delta) FILTER (WHERE f.figure_kind = 'award.confirmed'), 0),
               coalesce(sum(-f.honour_delta) FILTER (WHERE f.figure_kind = 'deduction.recorded'), 0),
               coalesce(sum(-f.spendable_delta) FILTER (WHERE f.figure_kind = 'redemption.made'), 0),
               coalesce(sum(f.money_delta_fen) FILTER (WHERE f.figure_kind = 'fund.contributed'), 0),
               coalesce(sum(-f.money_delta_fen) FILTER (WHERE f.figure_kind = 'fund.spent'), 0),
               coalesce(max(j.households), 0)
        FROM (SELECT e.community_id, e.honour_delta, e.spendable_delta, e.money_delta_fen,
                     -- Taken back out of the month of the entry it reverses, as one at a time.
                     CASE WHEN e.kind IN ('reversal.recorded', 'redemption.cancelled') THEN t.kind ELSE e.kind END
                         AS figure_kind,
                     CASE WHEN e.kind IN ('reversal.recorded', 'redemption.cancelled')
                          THEN date_trunc('month', t.occurred_on)::date
                          ELSE date_trunc('month', e.occurred_on)::date END AS month
              FROM events e
              LEFT JOIN LATERAL (SELECT r.kind, r.occurred_on FROM events r
                                 WHERE e.kind IN ('reversal.recorded', 'redemption.cancelled')
                                   AND r.community_id = p_community_id
                                   AND r.seq = (e.body ->> 'reversed_seq')::bigint) AS t ON true
              WHERE e.community_id = p_community_id AND e.seq > p_after_seq AND e.seq <= p_last_seq
                AND e.kind IN ('award.confirmed', 'deduction.recorded', 'redemption.made', 'reversal.recorded',
                               'redemption.cancelled', 'fund.contributed', 'fund.spent')) AS f
        LEFT JOIN unnest(v_months, v_joined) AS j (month, households) ON j.month = f.month
        WHERE f.figure_kind IN ('award.confirmed', 'deduction.recorded', 'redemption.made', 'fund.contributed',
                                'fund.spent')
        GROUP BY f.community_id, f.month
        ON CONFLICT (community_id, month) DO UPDATE SET
            points_awarded = a.points_awarded + excluded.points_awarded,
            points_deducted = a.points_deducted + excluded.points_deducted,
            points_redeemed = a.points_redeemed + excluded.points_redeemed,
            fund_in_fen = a.fund_in_fen + excluded.fund_in_fen,
            fund_out_fen = a.fund_out_fen + excluded.fund_out_fen,
            households_taking_part = a.households_taking_part + excluded.households_taking_part;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_count_activity_all(uuid, bigint, bigint) TO ledger_app;
