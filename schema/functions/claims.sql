-- Residents' own claims (村民申报, tables in 0026): a claim is one call, its rules checked here
-- under the head lock and all of it written or nothing — one statement, so on Citus one call
-- delegated to the community's worker. A refusal is answered as jsonb, {"outcome": …, the
-- numbers it names}, which ledger/store/record.py OUTCOME_DETAILS turns into words.

-- A household claims one claimable rule (at its points now), with a note and, optionally, a
-- photo (p_evidence_*: what ledger.domain.images made of the upload): an award.claimed event
-- with no actor — the card is the household's, not a person's log-in — and a proposal with
-- no proposer, then, with a photo, the photo stored and an evidence.added event chained for
-- it. Limits, counted by the community's day of the claim: at most claims_per_day_max claims
-- per card, at most claims_per_rule_per_day_max of one rule; a rejected claim counts too (a
-- refusal is not a reason to claim again at once).
CREATE OR REPLACE FUNCTION ledger_claim(
    p_community_id uuid, p_household_id uuid, p_rule_id uuid, p_note text, p_occurred_on date,
    p_backdate_days_max integer,
    p_evidence_media_type text, p_evidence_content bytea, p_evidence_sha256 bytea,
    p_evidence_width integer, p_evidence_height integer
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_first community_heads := ledger_lock_head(p_community_id);
    v_head community_heads := v_first;
    v_rule rules;
    v_today date;
    v_per_day integer;
    v_per_rule integer;
    v_claims integer;
    v_claims_of_rule integer;
    v_refusal jsonb;
    v_proposal uuid := gen_random_uuid();
    v_batch uuid := gen_random_uuid();
    v_image uuid := gen_random_uuid();
    v_event events;
BEGIN
    SELECT (now() AT TIME ZONE time_zone)::date, claims_per_day_max, claims_per_rule_per_day_max
        INTO v_today, v_per_day, v_per_rule FROM communities WHERE community_id = p_community_id;
    SELECT * INTO v_rule FROM rules WHERE community_id = p_community_id AND rule_id = p_rule_id;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('outcome', 'rule_not_found');
    END IF;
    IF v_rule.status <> 'active' THEN
        RETURN jsonb_build_object('outcome', 'rule_retired');
    END IF;
    IF NOT v_rule.claimable THEN
        RETURN jsonb_build_object('outcome', 'rule_not_claimable', 'rule_name', v_rule.name);
    END IF;
    IF NOT EXISTS (SELECT FROM households WHERE community_id = p_community_id
                   AND household_id = p_household_id AND status = 'active') THEN
        RETURN jsonb_build_object('outcome', 'household_closed');
    END IF;
    v_refusal := ledger_occurred_on_refusal(p_occurred_on, v_today, p_backdate_days_max);
    IF v_refusal IS NOT NULL THEN
        RETURN v_refusal;
    END IF;
    SELECT count(*), count(*) FILTER (WHERE rule_id = p_rule_id) INTO v_claims, v_claims_of_rule
        FROM proposals
        WHERE community_id = p_community_id AND household_id = p_household_id AND claimed AND claimed_on = v_today;
    IF v_claims >= v_per_day THEN
        RETURN jsonb_build_object('outcome', 'claims_per_day_reached', 'limit', v_per_day, 'claims', v_claims);
    END IF;
    IF v_claims_of_rule >= v_per_rule THEN
        RETURN jsonb_build_object('outcome', 'claims_per_rule_reached', 'limit', v_per_rule,
            'rule_name', v_rule.name);
    END IF;
    v_event := ledger_chain(v_head, 'award.claimed', NULL, NULL, p_household_id, 0, 0, 0, 0,
        jsonb_build_object('proposal_id', v_proposal, 'batch_id', v_batch, 'rule_id', p_rule_id,
            'rule_code', v_rule.code, 'rule_name', v_rule.name, 'points', v_rule.points, 'note', p_note),
        NULL, NULL);
    v_head := (p_community_id, v_event.seq, v_event.hash)::community_heads;
    INSERT INTO proposals (community_id, proposal_id, batch_id, household_id, rule_id, note, occurred_on,
                           proposer_id, proposed_seq, claimed, claimed_on)
        VALUES (p_community_id, v_proposal, v_batch, p_household_id, p_rule_id, p_note, p_occurred_on,
                NULL, v_event.seq, true, v_today);
    IF p_evidence_content IS NOT NULL THEN
        INSERT INTO images (community_id, image_id, media_type, content, sha256, width, height)
            VALUES (p_community_id, v_image, p_evidence_media_type, p_evidence_content, p_evidence_sha256,
                    p_evidence_width, p_evidence_height);
        -- The photo's hash is chained: the evidence the decider saw cannot be swapped later.
        v_event := ledger_chain(v_head, 'evidence.added', NULL, NULL, p_household_id, 0, 0, 0, 0,
            jsonb_build_object('proposal_id', v_proposal, 'image_id', v_image,
                'sha256', encode(p_evidence_sha256, 'hex')),
            NULL, NULL);
        v_head := (p_community_id, v_event.seq, v_event.hash)::community_heads;
        UPDATE proposals SET evidence_image_id = v_image
            WHERE community_id = p_community_id AND proposal_id = v_proposal;
    END IF;
    PERFORM ledger_move_head(v_first, v_head);
    RETURN jsonb_build_object('outcome', 'created', 'proposal_id', v_proposal, 'claimed_seq',
        v_event.seq - CASE WHEN p_evidence_content IS NULL THEN 0 ELSE 1 END,
        'points', v_rule.points, 'claims_left_today', v_per_day - v_claims - 1);
END
$$;
GRANT EXECUTE ON FUNCTION ledger_claim(uuid, uuid, uuid, text, date, integer, text, bytea, bytea, integer, integer)
    TO ledger_app;
