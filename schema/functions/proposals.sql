-- Proposals (maker-checker) in batches: each an award.proposed event chained after the
-- carried head (the head row moves once), instead of a round trip per household; and their
-- decisions in one call.

-- Propose one rule's award for every household of a batch, under one head lock; the
-- proposal ids in the order of p_household_ids.
CREATE OR REPLACE FUNCTION ledger_propose_batch(
    p_community_id uuid, p_proposer_id uuid, p_batch_id uuid, p_rule_id uuid, p_rule_code text, p_rule_name text,
    p_points integer, p_household_ids uuid[], p_member text, p_note text, p_occurred_on date
) RETURNS uuid[] LANGUAGE plpgsql AS $$
DECLARE
    v_first community_heads := ledger_lock_head(p_community_id);
    v_head community_heads := v_first;
    v_household uuid;
    v_proposal uuid;
    v_event events;
    v_ids uuid[] := '{}';
BEGIN
    FOREACH v_household IN ARRAY p_household_ids LOOP
        v_proposal := gen_random_uuid();
        v_event := ledger_chain(v_head, 'award.proposed', NULL, p_proposer_id, v_household, 0, 0, 0, 0,
            jsonb_build_object('proposal_id', v_proposal, 'batch_id', p_batch_id, 'rule_id', p_rule_id,
                'rule_code', p_rule_code, 'rule_name', p_rule_name, 'points', p_points, 'member', p_member,
                'note', p_note),
            NULL, NULL);
        v_head := (p_community_id, v_event.seq, v_event.hash)::community_heads;
        INSERT INTO proposals (community_id, proposal_id, batch_id, household_id, rule_id, member, note,
                               occurred_on, proposer_id, proposed_seq)
            VALUES (p_community_id, v_proposal, p_batch_id, v_household, p_rule_id, p_member, p_note,
                    p_occurred_on, p_proposer_id, v_event.seq);
        v_ids := v_ids || v_proposal;
    END LOOP;
    PERFORM ledger_move_head(v_first, v_head);
    RETURN v_ids;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_propose_batch(uuid, uuid, uuid, uuid, text, text, integer, uuid[], text, text, date)
    TO ledger_app;

-- Decide proposals in one call (checked by the caller: open, not the decider's own, no
-- conflict of interest, evidence present): an approval or rejection event each, and for an
-- approval the award itself. A refused award stops the batch and is returned alone, so the
-- caller can refuse (and roll back) the whole decision.
CREATE OR REPLACE FUNCTION ledger_decide_batch(
    p_community_id uuid, p_decider_id uuid, p_proposal_ids uuid[], p_approve boolean, p_reason text
) RETURNS jsonb[] LANGUAGE plpgsql AS $$
DECLARE
    v_proposal proposals;
    v_event events;
    v_award jsonb;
    v_answers jsonb[] := '{}';
BEGIN
    PERFORM ledger_lock_head(p_community_id);
    FOR v_proposal IN
        SELECT * FROM proposals WHERE community_id = p_community_id AND proposal_id = any(p_proposal_ids)
        ORDER BY proposed_seq
    LOOP
        v_event := ledger_append(p_community_id, CASE WHEN p_approve THEN 'award.approved' ELSE 'award.rejected' END,
            NULL, p_decider_id, v_proposal.household_id, 0, 0, 0, 0,
            jsonb_build_object('proposal_id', v_proposal.proposal_id, 'reason', p_reason), NULL, NULL);
        v_award := NULL;
        IF p_approve THEN
            v_award := ledger_award(p_community_id, p_decider_id, v_proposal.household_id, v_proposal.rule_id,
                v_proposal.member, v_proposal.note, v_proposal.occurred_on, NULL, NULL);
            IF v_award ->> 'outcome' <> 'created' THEN
                RETURN ARRAY[v_award];
            END IF;
        END IF;
        UPDATE proposals SET status = CASE WHEN p_approve THEN 'approved' ELSE 'rejected' END,
                             decided_by = p_decider_id, decided_seq = v_event.seq
            WHERE community_id = p_community_id AND proposal_id = v_proposal.proposal_id;
        v_answers := v_answers || jsonb_build_object('outcome', 'created', 'proposal_id', v_proposal.proposal_id,
            'decision_seq', v_event.seq, 'award_seq', v_award -> 'event_seq', 'points', v_award -> 'points');
    END LOOP;
    RETURN v_answers;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_decide_batch(uuid, uuid, uuid[], boolean, text) TO ledger_app;
