-- 0011 · Publicity (公示): an award that needs it is first posted on the public board as
-- pending; anyone may object while it is up; the supervision committee upholds (the award
-- is rejected, its points never spendable) or dismisses; when publicity ends with no open
-- or upheld objection the award is confirmed — exactly once, under the head lock.

ALTER TABLE communities
    -- Policy: days an award stays in publicity (0: no publicity at all), and the points
    -- from which every award needs it (0: only the rules marked as needing it).
    ADD COLUMN publicity_days smallint NOT NULL DEFAULT 7 CHECK (publicity_days BETWEEN 0 AND 30),
    ADD COLUMN publicity_threshold integer NOT NULL DEFAULT 0 CHECK (publicity_threshold BETWEEN 0 AND 100000);

CREATE TABLE publicity (
    community_id uuid NOT NULL,
    award_seq bigint NOT NULL,          -- the publicity.started event
    household_id uuid NOT NULL,
    rule_id uuid NOT NULL,
    points integer NOT NULL,            -- as given when posted; a later rule change does not touch it
    member text,
    note text,
    occurred_on date NOT NULL,
    ends_on date NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'rejected')),
    decided_seq bigint,
    PRIMARY KEY (community_id, award_seq),
    FOREIGN KEY (community_id, award_seq) REFERENCES events (community_id, seq)
);
CREATE INDEX publicity_due ON publicity (community_id, ends_on) WHERE status = 'open';

CREATE TABLE objections (
    community_id uuid NOT NULL,
    objection_id uuid NOT NULL,
    award_seq bigint NOT NULL,
    reason text NOT NULL CHECK (length(reason) BETWEEN 2 AND 500),
    via text NOT NULL CHECK (via IN ('card', 'board', 'staff')),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
    raised_seq bigint NOT NULL,
    decided_seq bigint,
    PRIMARY KEY (community_id, objection_id),
    FOREIGN KEY (community_id, award_seq) REFERENCES publicity
);
CREATE INDEX objections_award ON objections (community_id, award_seq);

-- An award or deduction taking effect (directly, or when its publicity ends): the points
-- move into spendable and honour; p_pending_release is what leaves pending with them.
CREATE FUNCTION ledger_apply_award(
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

-- An award or, for a negative rule, a deduction, at the rule's points of this moment (a
-- later change of the rule never rewrites it). A rule marked as needing publicity, or
-- points at or above the threshold, post it on the board as pending instead.
CREATE FUNCTION ledger_award(
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
    IF v_community.publicity_days > 0 AND (v_rule.needs_publicity
            OR (v_community.publicity_threshold > 0 AND abs(v_rule.points) >= v_community.publicity_threshold)) THEN
        v_occurred_on := coalesce(p_occurred_on, (clock_timestamp() AT TIME ZONE v_community.time_zone)::date);
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
        p_occurred_on, p_idempotency_key, p_request_digest, 0, '{}');
    RETURN ledger_answer(v_event, 'created');
END
$$;

-- Confirm every award whose publicity has ended (ends_on before p_as_of) with no open or
-- upheld objection. Exactly once: the head lock orders concurrent callers (server task,
-- `ledger tick`), and each takes only what is still open.
CREATE FUNCTION ledger_confirm_due(p_community_id uuid, p_as_of date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_item publicity;
    v_rule rules;
    v_event events;
    v_count integer := 0;
BEGIN
    PERFORM ledger_lock_head(p_community_id);
    FOR v_item IN
        SELECT * FROM publicity p
        WHERE p.community_id = p_community_id AND p.status = 'open' AND p.ends_on < p_as_of
          AND NOT EXISTS (SELECT FROM objections o WHERE o.community_id = p.community_id
                          AND o.award_seq = p.award_seq AND o.status IN ('open', 'upheld'))
        ORDER BY p.award_seq
    LOOP
        SELECT * INTO v_rule FROM rules WHERE community_id = p_community_id AND rule_id = v_item.rule_id;
        v_rule.points := v_item.points;  -- the points as posted
        v_event := ledger_apply_award(p_community_id, NULL, v_item.household_id, v_rule, v_item.member, v_item.note,
            v_item.occurred_on, NULL, NULL, greatest(v_item.points, 0),
            jsonb_build_object('publicity_seq', v_item.award_seq));
        UPDATE publicity SET status = 'confirmed', decided_seq = v_event.seq
            WHERE community_id = p_community_id AND award_seq = v_item.award_seq;
        v_count := v_count + 1;
    END LOOP;
    RETURN v_count;
END
$$;

GRANT SELECT, INSERT, UPDATE ON publicity, objections TO ledger_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ledger_app;
