-- Awards and deductions: by a rule's points, directly or through publicity (公示), within
-- the optional yearly cap on the points a household earns (年度积分上限).

-- Points a household earned in a calendar year (by the date the deed happened): confirmed
-- awards not reversed, plus awards still in publicity (an upheld objection takes them out).
-- Carried-in balances in publicity are left out: points brought from the passbook were
-- earned before the ledger and never count against this year's cap. For many households
-- and years at once (a batch's approval checks the cap for all of them in one statement);
-- ledger_earned_in_year asks it for one. (PL/pgSQL: Citus wants parameterised functions so.)
CREATE OR REPLACE FUNCTION ledger_earned_in_years(p_community_id uuid, p_household_ids uuid[], p_years integer[])
RETURNS TABLE (household_id uuid, year integer, earned bigint) LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY
        SELECT q.household_id, q.year, coalesce((
            SELECT sum(e.honour_delta) FROM events e
            WHERE e.community_id = p_community_id AND e.household_id = q.household_id
              AND e.kind = 'award.confirmed'
              AND e.occurred_on >= make_date(q.year, 1, 1) AND e.occurred_on < make_date(q.year + 1, 1, 1)
              AND NOT EXISTS (SELECT FROM reversals r WHERE r.community_id = e.community_id AND r.reversed_seq = e.seq)
        ), 0)::bigint + coalesce((
            SELECT sum(p.points) FROM publicity p
            WHERE p.community_id = p_community_id AND p.household_id = q.household_id
              AND p.status = 'open' AND p.points > 0 AND p.subject = 'award'
              AND p.occurred_on >= make_date(q.year, 1, 1) AND p.occurred_on < make_date(q.year + 1, 1, 1)
        ), 0)::bigint
        FROM unnest(p_household_ids, p_years) AS q (household_id, year);
END
$$;
GRANT EXECUTE ON FUNCTION ledger_earned_in_years(uuid, uuid[], integer[]) TO ledger_app;

CREATE OR REPLACE FUNCTION ledger_earned_in_year(p_community_id uuid, p_household_id uuid, p_year integer)
RETURNS bigint LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT y.earned FROM ledger_earned_in_years(p_community_id, ARRAY[p_household_id], ARRAY[p_year]) AS y);
END
$$;
GRANT EXECUTE ON FUNCTION ledger_earned_in_year(uuid, uuid, integer) TO ledger_app;

-- An award or deduction taking effect (directly, or when its publicity ends): the points
-- move into spendable and honour; p_pending_release is what leaves pending with them.
CREATE OR REPLACE FUNCTION ledger_apply_award(
    p_community_id uuid, p_actor_id uuid, p_household_id uuid, p_rule rules,
    p_member text, p_note text, p_occurred_on date,
    p_idempotency_key text, p_request_digest bytea, p_pending_release bigint, p_extra jsonb
) RETURNS events LANGUAGE plpgsql AS $$
DECLARE
    v_spendable bigint;
    v_may_overdraw boolean;
    v_spendable_delta bigint;
    v_event events;
BEGIN
    SELECT spendable INTO v_spendable FROM household_balances
        WHERE community_id = p_community_id AND household_id = p_household_id;
    IF p_rule.points > 0 THEN
        v_event := ledger_append(p_community_id, 'award.confirmed', p_occurred_on, p_actor_id, p_household_id,
            p_rule.points, -p_pending_release, p_rule.points, 0,
            jsonb_build_object('award_id', gen_random_uuid(), 'rule_id', p_rule.rule_id, 'rule_code', p_rule.code,
                'rule_name', p_rule.name, 'points', p_rule.points, 'member', p_member, 'note', p_note,
                'spendable_after', v_spendable + p_rule.points) || p_extra,
            p_idempotency_key, p_request_digest);
    ELSE
        SELECT deduction_may_overdraw INTO v_may_overdraw FROM communities WHERE community_id = p_community_id;
        -- Without the overdraw policy a deduction empties spendable but no further; the
        -- honour score always takes the full deduction. Both deltas are in the event.
        v_spendable_delta := CASE WHEN v_may_overdraw THEN p_rule.points
                                  ELSE -least(-p_rule.points, greatest(v_spendable, 0)) END;
        v_event := ledger_append(p_community_id, 'deduction.recorded', p_occurred_on, p_actor_id, p_household_id,
            v_spendable_delta, -p_pending_release, p_rule.points, 0,
            jsonb_build_object('deduction_id', gen_random_uuid(), 'rule_id', p_rule.rule_id, 'rule_code', p_rule.code,
                'rule_name', p_rule.name, 'points', p_rule.points, 'member', p_member, 'note', p_note,
                'spendable_after', v_spendable + v_spendable_delta) || p_extra,
            p_idempotency_key, p_request_digest);
    END IF;
    UPDATE household_balances SET spendable = spendable + v_event.spendable_delta,
                                  pending = pending + v_event.pending_delta,
                                  honour = honour + v_event.honour_delta, last_seq = v_event.seq
        WHERE community_id = p_community_id AND household_id = p_household_id;
    RETURN v_event;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_apply_award(uuid, uuid, uuid, rules, text, text, date, text, bytea, bigint, jsonb)
    TO ledger_app;

-- An award or, for a negative rule, a deduction, at the rule's points of this moment (a
-- later change of the rule never rewrites it). A rule marked as needing publicity, or
-- points at or above the threshold, post it on the board as pending instead. An award that
-- would take the household's points earned in the year past the cap is refused and writes
-- nothing, so the committee sees it rather than a silently trimmed award. Every award
-- passes here (direct, approved proposals, honours' bonuses); a confirmation after
-- publicity does not, because the points were counted when they were posted.
CREATE OR REPLACE FUNCTION ledger_award(
    p_community_id uuid, p_actor_id uuid, p_household_id uuid, p_rule_id uuid,
    p_member text, p_note text, p_occurred_on date,
    p_idempotency_key text, p_request_digest bytea
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_status text;
    v_answer jsonb;
    v_rule rules;
    v_community communities;
    v_occurred_on date;
    v_earned bigint;
    v_event events;
BEGIN
    PERFORM ledger_lock_head(p_community_id);
    SELECT h.status INTO v_status FROM households h
        WHERE h.community_id = p_community_id AND h.household_id = p_household_id;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('outcome', 'household_not_found');
    END IF;
    v_answer := ledger_replay(p_community_id, p_idempotency_key, p_request_digest);
    IF v_answer IS NOT NULL THEN
        RETURN v_answer;
    END IF;
    IF v_status <> 'active' THEN
        RETURN jsonb_build_object('outcome', 'household_closed');
    END IF;
    SELECT * INTO v_rule FROM rules WHERE community_id = p_community_id AND rule_id = p_rule_id;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('outcome', 'rule_not_found');
    END IF;
    IF v_rule.status <> 'active' THEN
        RETURN jsonb_build_object('outcome', 'rule_retired');
    END IF;
    SELECT * INTO v_community FROM communities WHERE community_id = p_community_id;
    v_occurred_on := coalesce(p_occurred_on, (clock_timestamp() AT TIME ZONE v_community.time_zone)::date);
    IF v_community.yearly_points_cap > 0 AND v_rule.points > 0 THEN
        v_earned := ledger_earned_in_year(p_community_id, p_household_id, extract(year FROM v_occurred_on)::integer);
        IF v_earned + v_rule.points > v_community.yearly_points_cap THEN
            RETURN jsonb_build_object('outcome', 'yearly_cap_reached', 'household_id', p_household_id,
                'year', extract(year FROM v_occurred_on)::integer, 'yearly_points_cap', v_community.yearly_points_cap,
                'earned', v_earned, 'points', v_rule.points);
        END IF;
    END IF;
    IF v_community.publicity_days > 0 AND (v_rule.needs_publicity
            OR (v_community.publicity_threshold > 0 AND abs(v_rule.points) >= v_community.publicity_threshold)) THEN
        -- Only an award waits as pending; a deduction in publicity changes no figure until
        -- it is confirmed.
        v_event := ledger_append(p_community_id, 'publicity.started', v_occurred_on, p_actor_id, p_household_id,
            0, greatest(v_rule.points, 0), 0, 0,
            jsonb_build_object('rule_id', v_rule.rule_id, 'rule_code', v_rule.code, 'rule_name', v_rule.name,
                'points', v_rule.points, 'member', p_member, 'note', p_note,
                'ends_on', v_occurred_on + v_community.publicity_days),
            p_idempotency_key, p_request_digest);
        INSERT INTO publicity (community_id, award_seq, household_id, rule_id, points, member, note, occurred_on, ends_on)
            VALUES (p_community_id, v_event.seq, p_household_id, v_rule.rule_id, v_rule.points, p_member, p_note,
                    v_occurred_on, v_occurred_on + v_community.publicity_days);
        IF v_event.pending_delta <> 0 THEN
            UPDATE household_balances SET pending = pending + v_event.pending_delta, last_seq = v_event.seq
                WHERE community_id = p_community_id AND household_id = p_household_id;
        END IF;
        RETURN ledger_answer(v_event, 'created');
    END IF;
    v_event := ledger_apply_award(p_community_id, p_actor_id, p_household_id, v_rule, p_member, p_note,
        v_occurred_on, p_idempotency_key, p_request_digest, 0, '{}');
    RETURN ledger_answer(v_event, 'created');
END
$$;
GRANT EXECUTE ON FUNCTION ledger_award(uuid, uuid, uuid, uuid, text, text, date, text, bytea) TO ledger_app;
