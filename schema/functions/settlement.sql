-- Year-end settlement (年终结算): by policy, unspent points carry over or expire, as
-- events; once per community and year; the honour score is never touched.

-- Settle a year that has ended (by the community's calendar). What expires is what a
-- household held at the year's end (by the dates things happened) and still holds:
-- points earned after it stay.
CREATE OR REPLACE FUNCTION ledger_settle(p_community_id uuid, p_year integer) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    v_community communities;
    v_done settlements;
    v_row record;
    v_event events;
    v_expire bigint;
    v_households integer := 0;
    v_total bigint := 0;
BEGIN
    PERFORM ledger_lock_head(p_community_id);
    SELECT * INTO v_done FROM settlements WHERE community_id = p_community_id AND year = p_year;
    IF FOUND THEN
        RETURN jsonb_build_object('outcome', 'replayed', 'year', p_year, 'event_seq', v_done.seq,
            'policy', v_done.policy, 'households', v_done.households, 'points_expired', v_done.points_expired);
    END IF;
    SELECT * INTO v_community FROM communities WHERE community_id = p_community_id;
    IF (clock_timestamp() AT TIME ZONE v_community.time_zone)::date <= make_date(p_year, 12, 31) THEN
        RETURN jsonb_build_object('outcome', 'year_not_over');
    END IF;
    IF v_community.year_end = 'expire' THEN
        FOR v_row IN
            SELECT b.household_id, b.spendable,
                   b.spendable - coalesce((SELECT sum(e.spendable_delta) FROM events e
                       WHERE e.community_id = b.community_id AND e.household_id = b.household_id
                         AND e.occurred_on > make_date(p_year, 12, 31)), 0)
                       AS at_year_end
            FROM household_balances b
            WHERE b.community_id = p_community_id AND b.spendable > 0
            ORDER BY b.household_id
        LOOP
            v_expire := least(greatest(v_row.at_year_end, 0), v_row.spendable);
            CONTINUE WHEN v_expire <= 0;
            v_event := ledger_append(p_community_id, 'settlement.expired', make_date(p_year, 12, 31), NULL,
                v_row.household_id, -v_expire, 0, 0, 0,
                jsonb_build_object('year', p_year, 'points', v_expire, 'spendable_after', v_row.spendable - v_expire),
                NULL, NULL);
            UPDATE household_balances SET spendable = spendable - v_expire, last_seq = v_event.seq
                WHERE community_id = p_community_id AND household_id = v_row.household_id;
            v_households := v_households + 1;
            v_total := v_total + v_expire;
        END LOOP;
    END IF;
    v_event := ledger_append(p_community_id, 'settlement.done', make_date(p_year, 12, 31), NULL, NULL, 0, 0, 0, 0,
        jsonb_build_object('year', p_year, 'policy', v_community.year_end, 'households', v_households,
            'points_expired', v_total),
        NULL, NULL);
    INSERT INTO settlements VALUES (p_community_id, p_year, v_event.seq, v_community.year_end, v_households, v_total);
    RETURN jsonb_build_object('outcome', 'created', 'year', p_year, 'event_seq', v_event.seq,
        'policy', v_community.year_end, 'households', v_households, 'points_expired', v_total);
END
$$;
GRANT EXECUTE ON FUNCTION ledger_settle(uuid, integer) TO ledger_app;
