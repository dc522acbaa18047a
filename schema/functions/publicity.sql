-- Publicity (公示): an award or carried-in balance that needs it is first posted on the
-- public board as pending; anyone may object while it is up; the supervision committee
-- upholds (the award is rejected, its points never spendable) or dismisses; when publicity
-- ends with no open or upheld objection it is confirmed — exactly once, under the head lock.

-- Confirm every award whose publicity has ended (ends_on before p_as_of) with no open or
-- upheld objection. Exactly once: the head lock orders concurrent callers (server task,
-- `ledger tick`), and each takes only what is still open. A carried-in balance whose
-- publicity has ended takes effect as the sheet has it (spendable and honour apart), not as
-- an award of its points.
CREATE OR REPLACE FUNCTION ledger_confirm_due(p_community_id uuid, p_as_of date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_item publicity;
    v_rule rules;
    v_line carry_ins;
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
        IF v_item.subject = 'carry_in' THEN
            SELECT * INTO v_line FROM carry_ins
                WHERE community_id = p_community_id AND posted_seq = v_item.award_seq;
            v_event := ledger_carry_in_take_effect(p_community_id, NULL, v_line, v_item.occurred_on,
                v_item.award_seq);
        ELSE
            SELECT * INTO v_rule FROM rules WHERE community_id = p_community_id AND rule_id = v_item.rule_id;
            v_rule.points := v_item.points;  -- the points as posted
            v_event := ledger_apply_award(p_community_id, NULL, v_item.household_id, v_rule, v_item.member,
                v_item.note, v_item.occurred_on, NULL, NULL, greatest(v_item.points, 0),
                jsonb_build_object('publicity_seq', v_item.award_seq));
        END IF;
        UPDATE publicity SET status = 'confirmed', decided_seq = v_event.seq
            WHERE community_id = p_community_id AND award_seq = v_item.award_seq;
        v_count := v_count + 1;
    END LOOP;
    RETURN v_count;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_confirm_due(uuid, date) TO ledger_app;
