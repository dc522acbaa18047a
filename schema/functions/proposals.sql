-- Proposals (maker-checker) in batches: a proposal and a decision are each one call, its
-- rules checked here under the head lock and the whole of it written or nothing — one
-- statement, so on Citus one call delegated to the community's worker (DESIGN §5). A
-- refusal is answered as jsonb, {"outcome": …, the numbers it names}, which
-- ledger/store/record.py OUTCOME_DETAILS turns into the refusal's code and words.

-- Their forerunners, which left the checks to the caller's transaction (0015): replaced
-- by ledger_propose and ledger_decide, whose arguments and answers differ.
DROP FUNCTION IF EXISTS ledger_propose_batch(uuid, uuid, uuid, uuid, text, text, integer, uuid[], text, text, date);
DROP FUNCTION IF EXISTS ledger_decide_batch(uuid, uuid, uuid[], boolean, text);

-- The date a thing happened, as staff may give it (ledger/domain/dates.py says why): never
-- after the community's today, at most p_days_max days back. NULL when it may stand.
CREATE OR REPLACE FUNCTION ledger_occurred_on_refusal(p_day date, p_today date, p_days_max integer)
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF p_day > p_today THEN
        RETURN jsonb_build_object('outcome', 'occurred_on_in_future',
            'day', to_char(p_day, 'YYYY-MM-DD'), 'today', to_char(p_today, 'YYYY-MM-DD'));
    END IF;
    IF p_day < p_today - p_days_max THEN
        RETURN jsonb_build_object('outcome', 'occurred_on_too_far_back',
            'day', to_char(p_day, 'YYYY-MM-DD'), 'earliest', to_char(p_today - p_days_max, 'YYYY-MM-DD'));
    END IF;
    RETURN NULL;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_occurred_on_refusal(date, date, integer) TO ledger_app;

-- The names of the grids a scorer looks after, as a refusal names them ("东片、西片").
CREATE OR REPLACE FUNCTION ledger_grid_names(p_community_id uuid, p_user_id uuid)
RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT string_agg(c.name, '、' ORDER BY c.name) FROM scorer_grids g
            JOIN community_groups c ON c.community_id = g.community_id AND c.group_id = g.grid_id
            WHERE g.community_id = p_community_id AND g.user_id = p_user_id);
END
$$;
GRANT EXECUTE ON FUNCTION ledger_grid_names(uuid, uuid) TO ledger_app;

-- Why a batch may not be proposed for these households (NULL: it may): the first of them,
-- in the order given, that is not in the community or not active, or — fairness
-- (ledger/domain/fairness.py) — linked to the proposer (their own or declared related),
-- or outside the grids the proposer looks after.
CREATE OR REPLACE FUNCTION ledger_proposal_refusal(p_community_id uuid, p_proposer_id uuid, p_household_ids uuid[])
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_item record;
BEGIN
    SELECT t.row, t.household_id, h.status INTO v_item
        FROM unnest(p_household_ids) WITH ORDINALITY AS t(household_id, row)
        LEFT JOIN households h ON h.community_id = p_community_id AND h.household_id = t.household_id
        WHERE h.status IS DISTINCT FROM 'active' ORDER BY t.row LIMIT 1;
    IF FOUND THEN
        RETURN jsonb_build_object(
            'outcome', CASE WHEN v_item.status IS NULL THEN 'batch_household_not_found' ELSE 'batch_household_closed' END,
            'row', v_item.row, 'household_id', v_item.household_id);
    END IF;
    SELECT t.household_id INTO v_item
        FROM unnest(p_household_ids) WITH ORDINALITY AS t(household_id, row)
        WHERE EXISTS (SELECT FROM staff_household_links l WHERE l.community_id = p_community_id
                      AND l.user_id = p_proposer_id AND l.household_id = t.household_id)
        ORDER BY t.row LIMIT 1;
    IF FOUND THEN
        RETURN jsonb_build_object('outcome', 'conflict_of_interest', 'household_id', v_item.household_id);
    END IF;
    -- Scorers work in their grids (schema/0023_groups_and_grids.sql): a proposer with grids
    -- assigned proposes only for the households placed in them; one with none (a small
    -- village), the committee and the supervision committee, for every household.
    IF EXISTS (SELECT FROM scorer_grids g WHERE g.community_id = p_community_id AND g.user_id = p_proposer_id)
       AND NOT EXISTS (SELECT FROM staff_roles r WHERE r.community_id = p_community_id
                       AND r.user_id = p_proposer_id AND r.role IN ('committee', 'supervisor')) THEN
        SELECT t.household_id, h.number INTO v_item
            FROM unnest(p_household_ids) WITH ORDINALITY AS t(household_id, row)
            JOIN households h ON h.community_id = p_community_id AND h.household_id = t.household_id
            LEFT JOIN household_places pl ON pl.community_id = p_community_id AND pl.household_id = t.household_id
            WHERE pl.grid_id IS NULL OR NOT EXISTS (
                SELECT FROM scorer_grids g WHERE g.community_id = p_community_id
                AND g.user_id = p_proposer_id AND g.grid_id = pl.grid_id)
            ORDER BY t.row LIMIT 1;
        IF FOUND THEN
            RETURN jsonb_build_object('outcome', 'outside_assigned_grid', 'household_id', v_item.household_id,
                'number', v_item.number,
                'grids', ledger_grid_names(p_community_id, p_proposer_id));
        END IF;
    END IF;
    RETURN NULL;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_proposal_refusal(uuid, uuid, uuid[]) TO ledger_app;

-- Propose one rule's award (at its points now) for every household of a batch, under one
-- head lock: an award.proposed event each, chained after the carried head (the head row
-- moves once). With a photo (p_evidence_*: what ledger.domain.images made of the upload),
-- the photo is stored once and an evidence.added event chained for each proposal after
-- them, so that the proposals and their evidence stand or fall together. Answers the batch
-- and its proposal ids in the order of p_household_ids (a household named twice, once).
-- Set-based: the events are chained in one go (ledger_chain_all) and the proposals written
-- by one INSERT, whatever the batch's size.
CREATE OR REPLACE FUNCTION ledger_propose(
    p_community_id uuid, p_proposer_id uuid, p_rule_id uuid, p_household_ids uuid[],
    p_member text, p_note text, p_occurred_on date, p_backdate_days_max integer,
    p_evidence_media_type text, p_evidence_content bytea, p_evidence_sha256 bytea,
    p_evidence_width integer, p_evidence_height integer
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_first community_heads := ledger_lock_head(p_community_id);
    v_rule rules;
    v_today date;
    v_refusal jsonb;
    v_batch uuid := gen_random_uuid();
    v_households uuid[];
    v_image uuid;
    v_ids uuid[];
    v_events events[];
BEGIN
    SELECT * INTO v_rule FROM rules WHERE community_id = p_community_id AND rule_id = p_rule_id;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('outcome', 'rule_not_found');
    END IF;
    IF v_rule.status <> 'active' THEN
        RETURN jsonb_build_object('outcome', 'rule_retired');
    END IF;
    SELECT (now() AT TIME ZONE time_zone)::date INTO v_today FROM communities WHERE community_id = p_community_id;
    v_refusal := coalesce(ledger_occurred_on_refusal(p_occurred_on, v_today, p_backdate_days_max),
                          ledger_proposal_refusal(p_community_id, p_proposer_id, p_household_ids));
    IF v_refusal IS NOT NULL THEN
        RETURN v_refusal;
    END IF;
    SELECT coalesce(array_agg(household_id ORDER BY row), '{}') INTO v_households FROM (
        SELECT household_id, min(row) AS row FROM unnest(p_household_ids) WITH ORDINALITY AS t(household_id, row)
        GROUP BY household_id) AS once;
    v_ids := ARRAY(SELECT gen_random_uuid() FROM unnest(v_households));
    v_events := ARRAY(
        SELECT ledger_event('award.proposed', NULL, p_proposer_id, t.household_id, 0, 0, 0,
            jsonb_build_object('proposal_id', t.proposal_id, 'batch_id', v_batch, 'rule_id', p_rule_id,
                'rule_code', v_rule.code, 'rule_name', v_rule.name, 'points', v_rule.points, 'member', p_member,
                'note', p_note))
        FROM unnest(v_households, v_ids) WITH ORDINALITY AS t(household_id, proposal_id, n) ORDER BY t.n);
    IF p_evidence_content IS NOT NULL THEN
        v_image := gen_random_uuid();
        INSERT INTO images (community_id, image_id, media_type, content, sha256, width, height)
            VALUES (p_community_id, v_image, p_evidence_media_type, p_evidence_content, p_evidence_sha256,
                    p_evidence_width, p_evidence_height);
        -- The photo's hash is chained: the evidence the committee saw cannot be swapped later.
        v_events := v_events || ARRAY(
            SELECT ledger_event('evidence.added', NULL, p_proposer_id, t.household_id, 0, 0, 0,
                jsonb_build_object('proposal_id', t.proposal_id, 'image_id', v_image,
                    'sha256', encode(p_evidence_sha256, 'hex')))
            FROM unnest(v_households, v_ids) WITH ORDINALITY AS t(household_id, proposal_id, n) ORDER BY t.n);
    END IF;
    PERFORM ledger_move_head(v_first, ledger_chain_all(v_first, v_events));
    -- The i-th household's award.proposed event is the head's seq + i.
    INSERT INTO proposals (community_id, proposal_id, batch_id, household_id, rule_id, member, note,
                           occurred_on, proposer_id, proposed_seq, evidence_image_id)
        SELECT p_community_id, t.proposal_id, v_batch, t.household_id, p_rule_id, p_member, p_note,
               p_occurred_on, p_proposer_id, v_first.head_seq + t.n, v_image
        FROM unnest(v_households, v_ids) WITH ORDINALITY AS t(household_id, proposal_id, n);
    RETURN jsonb_build_object('outcome', 'created', 'batch_id', v_batch, 'proposal_ids', to_jsonb(v_ids));
END
$$;
GRANT EXECUTE ON FUNCTION ledger_propose(uuid, uuid, uuid, uuid[], text, text, date, integer, text, bytea, bytea,
    integer, integer) TO ledger_app;

-- Why these proposals may not be decided so (NULL: they may), in the order the checks
-- are made: one already decided or the decider's own (in the order proposed); for an
-- approval, one without the photo its rule asks for; then fairness for a decision
-- (ledger/domain/fairness.py): no household linked to the decider, a staff member's own
-- household decided by the supervision committee, every other one by the committee — or, a
-- resident's claim, by the scorer who looks after the household's grid.
-- (By their ids, not as rows: on a Citus worker a row read from a shard has the shard's type.)
CREATE OR REPLACE FUNCTION ledger_decision_refusal(
    p_community_id uuid, p_decider_id uuid, p_decider_roles text[], p_proposal_ids uuid[], p_approve boolean
) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_proposal record;
    v_found uuid;
    v_claim record;
BEGIN
    -- The first, in the order proposed, that is decided already or the decider's own.
    SELECT p.proposal_id, p.status INTO v_proposal FROM unnest(p_proposal_ids) AS chosen (proposal_id)
        JOIN proposals p ON p.community_id = p_community_id AND p.proposal_id = chosen.proposal_id
        WHERE p.status <> 'proposed' OR p.proposer_id = p_decider_id
        ORDER BY p.proposed_seq LIMIT 1;
    IF FOUND THEN
        IF v_proposal.status <> 'proposed' THEN
            RETURN jsonb_build_object('outcome', 'already_decided', 'proposal_id', v_proposal.proposal_id,
                'status', v_proposal.status);
        END IF;
        RETURN jsonb_build_object('outcome', 'own_proposal');
    END IF;
    IF p_approve THEN
        SELECT p.proposal_id INTO v_found FROM unnest(p_proposal_ids) AS chosen (proposal_id)
            JOIN proposals p ON p.community_id = p_community_id AND p.proposal_id = chosen.proposal_id
            JOIN rules r ON r.community_id = p.community_id AND r.rule_id = p.rule_id
            WHERE r.needs_evidence AND p.evidence_image_id IS NULL
            ORDER BY p.proposed_seq LIMIT 1;
        IF FOUND THEN
            RETURN jsonb_build_object('outcome', 'evidence_required', 'proposal_id', v_found);
        END IF;
    END IF;
    SELECT p.household_id INTO v_found FROM unnest(p_proposal_ids) AS chosen (proposal_id)
        JOIN proposals p ON p.community_id = p_community_id AND p.proposal_id = chosen.proposal_id
        WHERE EXISTS (SELECT FROM staff_household_links l WHERE l.community_id = p_community_id
                      AND l.user_id = p_decider_id AND l.household_id = p.household_id)
        ORDER BY p.proposed_seq LIMIT 1;
    IF FOUND THEN
        RETURN jsonb_build_object('outcome', 'conflict_of_interest', 'household_id', v_found);
    END IF;
    -- The smallest, as Python orders uuids (PostgreSQL has no min(uuid)).
    SELECT p.household_id INTO v_found FROM unnest(p_proposal_ids) AS chosen (proposal_id)
        JOIN proposals p ON p.community_id = p_community_id AND p.proposal_id = chosen.proposal_id
        WHERE EXISTS (SELECT FROM staff_household_links l WHERE l.community_id = p_community_id
                      AND l.kind = 'own' AND l.household_id = p.household_id)
        ORDER BY p.household_id LIMIT 1;
    IF FOUND AND NOT 'supervisor' = any(p_decider_roles) THEN
        RETURN jsonb_build_object('outcome', 'needs_supervisor_decision', 'household_id', v_found);
    END IF;
    IF 'committee' = any(p_decider_roles) THEN
        RETURN NULL;
    END IF;
    -- A resident's claim (schema/0026) is decided by the scorer who looks after its
    -- household's grid, or by the committee.
    SELECT p.household_id, h.number INTO v_claim FROM unnest(p_proposal_ids) AS chosen (proposal_id)
        JOIN proposals p ON p.community_id = p_community_id AND p.proposal_id = chosen.proposal_id
        JOIN households h ON h.community_id = p.community_id AND h.household_id = p.household_id
        LEFT JOIN household_places pl ON pl.community_id = p.community_id AND pl.household_id = p.household_id
        WHERE p.claimed
          AND NOT EXISTS (SELECT FROM staff_household_links l WHERE l.community_id = p_community_id
                          AND l.kind = 'own' AND l.household_id = p.household_id)
          AND NOT ('scorer' = any(p_decider_roles) AND EXISTS (
                  SELECT FROM scorer_grids g WHERE g.community_id = p_community_id
                  AND g.user_id = p_decider_id AND g.grid_id = pl.grid_id))
        ORDER BY p.proposed_seq LIMIT 1;
    IF FOUND AND 'scorer' = any(p_decider_roles) AND EXISTS (
            SELECT FROM scorer_grids g WHERE g.community_id = p_community_id AND g.user_id = p_decider_id) THEN
        RETURN jsonb_build_object('outcome', 'claim_outside_assigned_grid', 'household_id', v_claim.household_id,
            'number', v_claim.number,
            'grids', ledger_grid_names(p_community_id, p_decider_id));
    END IF;
    IF FOUND OR EXISTS (
            SELECT FROM unnest(p_proposal_ids) AS chosen (proposal_id)
            JOIN proposals p ON p.community_id = p_community_id AND p.proposal_id = chosen.proposal_id
            WHERE NOT p.claimed
              AND NOT EXISTS (SELECT FROM staff_household_links l WHERE l.community_id = p_community_id
                              AND l.kind = 'own' AND l.household_id = p.household_id)) THEN
        RETURN jsonb_build_object('outcome', 'committee_decides');
    END IF;
    RETURN NULL;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_decision_refusal(uuid, uuid, text[], uuid[], boolean) TO ledger_app;

-- Decide proposals, all or none: those named, or (p_batch_id) every open one of a batch —
-- p_shown, when a page showed the batch, being how many households it showed, so that only
-- what was on the screen is decided. An approval or rejection event each, and after each
-- approval the award itself at its rule's points now, by ledger_award's rules: the household
-- active, the rule active, the yearly cap (counting the batch's earlier awards), publicity
-- or not, a deduction's overdraw policy. The first proposal whose award is refused (a yearly
-- cap, a household closed) is the answer, and nothing is written. Set-based: every check is
-- made before anything is written, then the events are chained in one go
-- (ledger_chain_all) and the proposals, the publicity rows and the balances written by one
-- statement each, whatever the batch's size.
CREATE OR REPLACE FUNCTION ledger_decide(
    p_community_id uuid, p_decider_id uuid, p_decider_roles text[], p_proposal_ids uuid[], p_batch_id uuid,
    p_shown integer, p_approve boolean, p_reason text
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_first community_heads := ledger_lock_head(p_community_id);
    v_ids uuid[];
    v_refusal jsonb;
    v_community communities;
    v_today date;
    v_years_households uuid[];
    v_years integer[];
    v_years_earned bigint[];
    v_item record;
    v_spendable_before bigint;
    v_spendable_delta bigint;
    v_spendable bigint[] := '{}';  -- by household (slot), as the batch's awards change it
    v_ordered uuid[];
    v_events events[] := '{}';
    v_posted boolean := false;
    v_events_per integer := CASE WHEN p_approve THEN 2 ELSE 1 END;
BEGIN
    IF p_batch_id IS NULL THEN
        v_ids := ARRAY(SELECT DISTINCT p.proposal_id FROM unnest(p_proposal_ids) AS chosen (proposal_id)
                       JOIN proposals p ON p.community_id = p_community_id AND p.proposal_id = chosen.proposal_id);
        IF cardinality(v_ids) <> (SELECT count(DISTINCT id) FROM unnest(p_proposal_ids) AS id) THEN
            RETURN jsonb_build_object('outcome', 'proposal_not_found');
        END IF;
    ELSE
        v_ids := ARRAY(SELECT proposal_id FROM proposals
                       WHERE community_id = p_community_id AND batch_id = p_batch_id AND status = 'proposed');
        IF cardinality(v_ids) = 0 THEN
            RETURN jsonb_build_object('outcome', 'batch_not_found');
        END IF;
        IF p_shown <> cardinality(v_ids) THEN
            RETURN jsonb_build_object('outcome', 'batch_changed');
        END IF;
    END IF;
    v_refusal := ledger_decision_refusal(p_community_id, p_decider_id, p_decider_roles, v_ids, p_approve);
    IF v_refusal IS NOT NULL THEN
        RETURN v_refusal;
    END IF;
    SELECT * INTO v_community FROM communities WHERE community_id = p_community_id;
    v_today := (clock_timestamp() AT TIME ZONE v_community.time_zone)::date;
    IF p_approve AND v_community.yearly_points_cap > 0 THEN
        -- What each household had earned in its award's year before this decision, in one go.
        SELECT array_agg(y.household_id), array_agg(y.year), array_agg(y.earned)
            INTO v_years_households, v_years, v_years_earned
            FROM (SELECT array_agg(d.household_id) AS households, array_agg(d.year) AS years
                  FROM (SELECT DISTINCT p.household_id, extract(year FROM coalesce(p.occurred_on, v_today))::integer AS year
                        FROM unnest(v_ids) AS chosen (proposal_id)
                        JOIN proposals p ON p.community_id = p_community_id AND p.proposal_id = chosen.proposal_id) AS d
                 ) AS pairs,
                 ledger_earned_in_years(p_community_id, pairs.households, pairs.years) AS y;
    END IF;
    v_ordered := ARRAY(SELECT p.proposal_id FROM unnest(v_ids) AS chosen (proposal_id)
                       JOIN proposals p ON p.community_id = p_community_id AND p.proposal_id = chosen.proposal_id
                       ORDER BY p.proposed_seq);
    IF NOT p_approve THEN
        v_events := ARRAY(
            SELECT ledger_event('award.rejected', NULL, p_decider_id, p.household_id, 0, 0, 0,
                                jsonb_build_object('proposal_id', p.proposal_id, 'reason', p_reason))
            FROM unnest(v_ordered) WITH ORDINALITY AS o (proposal_id, n)
            JOIN proposals p ON p.community_id = p_community_id AND p.proposal_id = o.proposal_id
            ORDER BY o.n);
    END IF;
    -- In the order proposed, each approval and its award: what can be known of them at once
    -- is (the approval, ledger_award's refusal in its order, whether it goes into publicity
    -- and its event then); only the spendable a direct award leaves is carried from one to
    -- the next, a deduction being limited by what the batch's earlier awards left.
    FOR v_item IN
        SELECT i.*,
               ledger_event('award.approved', NULL, p_decider_id, i.household_id, 0, 0, 0,
                            jsonb_build_object('proposal_id', i.proposal_id, 'reason', p_reason)) AS approval,
               CASE WHEN i.household_status IS NULL THEN jsonb_build_object('outcome', 'household_not_found')
                    WHEN i.household_status <> 'active' THEN jsonb_build_object('outcome', 'household_closed')
                    WHEN i.rule_status IS NULL THEN jsonb_build_object('outcome', 'rule_not_found')
                    WHEN i.rule_status <> 'active' THEN jsonb_build_object('outcome', 'rule_retired')
                    WHEN v_community.yearly_points_cap > 0 AND i.points > 0
                         AND i.earned + i.points > v_community.yearly_points_cap
                    THEN jsonb_build_object('outcome', 'yearly_cap_reached', 'household_id', i.household_id,
                            'year', extract(year FROM i.occurred_on)::integer,
                            'yearly_points_cap', v_community.yearly_points_cap, 'earned', i.earned,
                            'points', i.points)
               END AS refusal,
               -- Only an award waits as pending; a deduction in publicity changes no figure
               -- until it is confirmed.
               CASE WHEN i.in_publicity
                    THEN ledger_event('publicity.started', i.occurred_on, p_decider_id, i.household_id, 0,
                            greatest(i.points, 0), 0,
                            jsonb_build_object('rule_id', i.rule_id, 'rule_code', i.code, 'rule_name', i.name,
                                'points', i.points, 'member', i.member, 'note', i.note,
                                'ends_on', i.occurred_on + v_community.publicity_days))
               END AS posted,
               CASE WHEN i.points > 0 THEN 'award.confirmed' ELSE 'deduction.recorded' END AS award_kind,
               jsonb_build_object(CASE WHEN i.points > 0 THEN 'award_id' ELSE 'deduction_id' END, gen_random_uuid(),
                   'rule_id', i.rule_id, 'rule_code', i.code, 'rule_name', i.name, 'points', i.points,
                   'member', i.member, 'note', i.note) AS award_body
        FROM (SELECT p.proposal_id, p.household_id, p.member, p.note, coalesce(p.occurred_on, v_today) AS occurred_on,
                     p.proposed_seq, h.status AS household_status, r.rule_id, r.code, r.name, r.points,
                     r.status AS rule_status, b.spendable,
                     v_community.publicity_days > 0 AND (r.needs_publicity OR (v_community.publicity_threshold > 0
                         AND abs(r.points) >= v_community.publicity_threshold)) AS in_publicity,
                     (dense_rank() OVER (ORDER BY p.household_id))::integer AS slot,
                     -- Earned in the year before: the log's, and this batch's awards before this one.
                     coalesce(y.earned, 0) + coalesce(sum(greatest(r.points, 0)) OVER (
                         PARTITION BY p.household_id, extract(year FROM coalesce(p.occurred_on, v_today))
                         ORDER BY p.proposed_seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS earned
              FROM unnest(v_ids) AS chosen (proposal_id)
              JOIN proposals p ON p.community_id = p_community_id AND p.proposal_id = chosen.proposal_id
              LEFT JOIN households h ON h.community_id = p.community_id AND h.household_id = p.household_id
              LEFT JOIN rules r ON r.community_id = p.community_id AND r.rule_id = p.rule_id
              LEFT JOIN household_balances b ON b.community_id = p.community_id AND b.household_id = p.household_id
              LEFT JOIN unnest(v_years_households, v_years, v_years_earned) AS y (household_id, year, earned)
                  ON y.household_id = p.household_id
                 AND y.year = extract(year FROM coalesce(p.occurred_on, v_today))
              WHERE p_approve) AS i
        ORDER BY i.proposed_seq
    LOOP
        IF v_item.refusal IS NOT NULL THEN
            RETURN v_item.refusal;
        END IF;
        v_events := v_events || v_item.approval;
        IF v_item.in_publicity THEN
            v_events := v_events || v_item.posted;
            v_posted := true;
            CONTINUE;
        END IF;
        -- ledger_apply_award's figures, from the spendable the batch's earlier awards left:
        -- without the overdraw policy a deduction empties spendable but no further; the
        -- honour score always takes the full deduction.
        v_spendable_before := coalesce(v_spendable[v_item.slot], v_item.spendable);
        v_spendable_delta := CASE WHEN v_item.points > 0 OR v_community.deduction_may_overdraw THEN v_item.points
                                  ELSE -least(-v_item.points, greatest(v_spendable_before, 0)) END;
        v_events := v_events || ledger_event(v_item.award_kind, v_item.occurred_on, p_decider_id, v_item.household_id,
            v_spendable_delta, 0, v_item.points,
            v_item.award_body || jsonb_build_object('spendable_after', v_spendable_before + v_spendable_delta));
        v_spendable[v_item.slot] := v_spendable_before + v_spendable_delta;
    END LOOP;
    PERFORM ledger_move_head(v_first, ledger_chain_all(v_first, v_events));
    -- The n-th proposal's decision is the head's seq + n (a rejection) or + 2n - 1, its award + 2n.
    UPDATE proposals p SET status = CASE WHEN p_approve THEN 'approved' ELSE 'rejected' END,
                           decided_by = p_decider_id,
                           decided_seq = v_first.head_seq + v_events_per * (o.n - 1) + 1,
                           decision_reason = p_reason,
                           award_seq = CASE WHEN p_approve THEN v_first.head_seq + 2 * o.n END
        FROM unnest(v_ordered) WITH ORDINALITY AS o (proposal_id, n)
        WHERE p.community_id = p_community_id AND p.proposal_id = o.proposal_id;
    IF NOT p_approve THEN
        RETURN jsonb_build_object('outcome', 'created', 'decisions', (
            SELECT jsonb_agg(jsonb_build_object('proposal_id', o.proposal_id, 'decision_seq', v_first.head_seq + o.n,
                                                'award_seq', NULL, 'points', NULL) ORDER BY o.n)
            FROM unnest(v_ordered) WITH ORDINALITY AS o (proposal_id, n)));
    END IF;
    -- The projections from the awards just chained (seqs after the head it started from).
    IF v_posted THEN
        INSERT INTO publicity (community_id, award_seq, household_id, rule_id, points, member, note, occurred_on,
                               ends_on)
            SELECT e.community_id, e.seq, e.household_id, (e.body ->> 'rule_id')::uuid, (e.body ->> 'points')::integer,
                   e.body ->> 'member', e.body ->> 'note', e.occurred_on, (e.body ->> 'ends_on')::date
            FROM events e
            WHERE e.community_id = p_community_id AND e.seq > v_first.head_seq AND e.kind = 'publicity.started';
    END IF;
    UPDATE household_balances b SET spendable = b.spendable + m.spendable_delta, pending = b.pending + m.pending_delta,
                                    honour = b.honour + m.honour_delta, last_seq = m.last_seq
        FROM (SELECT e.household_id, sum(e.spendable_delta) AS spendable_delta, sum(e.pending_delta) AS pending_delta,
                     sum(e.honour_delta) AS honour_delta, max(e.seq) AS last_seq
              FROM events e
              WHERE e.community_id = p_community_id AND e.seq > v_first.head_seq
                AND (e.kind IN ('award.confirmed', 'deduction.recorded')
                     OR (e.kind = 'publicity.started' AND e.pending_delta <> 0))
              GROUP BY e.household_id) AS m
        WHERE b.community_id = p_community_id AND b.household_id = m.household_id;
    RETURN jsonb_build_object('outcome', 'created', 'decisions', (
        SELECT jsonb_agg(jsonb_build_object('proposal_id', o.proposal_id, 'decision_seq', v_first.head_seq + 2 * o.n - 1,
                                            'award_seq', v_first.head_seq + 2 * o.n, 'points', r.points)
                         ORDER BY o.n)
        FROM unnest(v_ordered) WITH ORDINALITY AS o (proposal_id, n)
        JOIN proposals p ON p.community_id = p_community_id AND p.proposal_id = o.proposal_id
        JOIN rules r ON r.community_id = p.community_id AND r.rule_id = p.rule_id));
END
$$;
GRANT EXECUTE ON FUNCTION ledger_decide(uuid, uuid, text[], uuid[], uuid, integer, boolean, text) TO ledger_app;
