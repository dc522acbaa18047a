-- 0003 · The hot commands as one PL/pgSQL call each: one round trip from the server,
-- and (on Citus) delegable whole to the community's node by their first argument.
--
-- Each returns a jsonb answer whose "outcome" is 'created', 'replayed' or the stable
-- code of an expected refusal (insufficient_points, insufficient_stock, …). A refusal
-- returns before anything is written, so the caller's transaction commits nothing.
-- Every command takes the community's head lock first, and every write to a community's
-- rows happens under it (the Python-side commands in ledger/store/commands.py too). The
-- head serialises a community's commands anyway (its chain is one sequence), so the
-- balance and stock rows need no row locks of their own, no two commands of a community
-- can wait on each other in a cycle, and ledger_redeem_batch can run many commands in one
-- transaction (group commit).

-- An idempotency key already used in this community: the first answer, or a conflict.
-- Called under the head lock, so a concurrent twin of the same request waits for the
-- first and then sees its event.
CREATE FUNCTION ledger_replay(p_community_id uuid, p_idempotency_key text, p_request_digest bytea)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_existing events;
BEGIN
    IF p_idempotency_key IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT * INTO v_existing FROM events
        WHERE community_id = p_community_id AND idempotency_key = p_idempotency_key;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF v_existing.request_digest IS DISTINCT FROM p_request_digest THEN
        RETURN jsonb_build_object('outcome', 'idempotency_conflict', 'event_seq', v_existing.seq);
    END IF;
    RETURN ledger_answer(v_existing, 'replayed');
END
$$;

-- The answer to a command is derived from its event alone, so a replay answers exactly
-- what the first call answered.
-- PL/pgSQL rather than SQL: called from PL/pgSQL, an SQL function is parsed and planned
-- on every call, a PL/pgSQL one keeps its plan for the session.
CREATE FUNCTION ledger_answer(p_event events, p_outcome text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN p_event.body || jsonb_build_object(
        'outcome', p_outcome,
        'event_seq', p_event.seq,
        'kind', p_event.kind,
        'household_id', p_event.household_id,
        'recorded_at', to_char(p_event.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'occurred_on', p_event.occurred_on);
END
$$;

-- What a command run after a given head answers, and where the head is afterwards.
CREATE TYPE ledger_step AS (answer jsonb, head community_heads);

-- A redemption: a cart of (goods, quantity) lines, all or nothing, priced at this moment,
-- chained after p_head (whose lock the caller holds). The caller merges repeated goods
-- into one line, so each goods id appears once.
CREATE FUNCTION ledger_redeem_after(
    p_head community_heads, p_actor_id uuid, p_household_id uuid,
    p_goods_ids uuid[], p_quantities integer[],
    p_idempotency_key text, p_request_digest bytea
) RETURNS ledger_step LANGUAGE plpgsql AS $$
DECLARE
    v_community_id uuid := p_head.community_id;
    v_spendable bigint;
    v_status text;
    v_answer jsonb;
    v_line record;
    v_lines jsonb := '[]';
    v_total bigint := 0;
    v_found integer := 0;
    v_event events;
BEGIN
    SELECT b.spendable, h.status INTO v_spendable, v_status
        FROM household_balances b JOIN households h USING (community_id, household_id)
        WHERE b.community_id = v_community_id AND b.household_id = p_household_id;
    IF NOT FOUND THEN
        RETURN (jsonb_build_object('outcome', 'household_not_found'), p_head);
    END IF;
    v_answer := ledger_replay(v_community_id, p_idempotency_key, p_request_digest);
    IF v_answer IS NOT NULL THEN
        RETURN (v_answer, p_head);
    END IF;
    IF v_status <> 'active' THEN
        RETURN (jsonb_build_object('outcome', 'household_closed'), p_head);
    END IF;
    -- Fairness: nobody redeems for a household linked to them (staff_household_links, 0004).
    IF p_actor_id IS NOT NULL AND EXISTS (SELECT FROM staff_household_links l
            WHERE l.community_id = v_community_id AND l.user_id = p_actor_id AND l.household_id = p_household_id) THEN
        RETURN (jsonb_build_object('outcome', 'conflict_of_interest'), p_head);
    END IF;
    FOR v_line IN
        SELECT g.goods_id, g.code, g.name, g.points, s.stock, g.status, q.quantity
        FROM unnest(p_goods_ids, p_quantities) AS q (goods_id, quantity)
        JOIN goods g ON g.community_id = v_community_id AND g.goods_id = q.goods_id
        JOIN goods_stock s ON s.community_id = v_community_id AND s.goods_id = q.goods_id
        ORDER BY q.goods_id
    LOOP
        v_found := v_found + 1;
        IF v_line.status <> 'active' THEN
            RETURN (jsonb_build_object('outcome', 'goods_retired', 'goods_id', v_line.goods_id), p_head);
        END IF;
        IF v_line.stock < v_line.quantity THEN
            RETURN (jsonb_build_object('outcome', 'insufficient_stock', 'goods_id', v_line.goods_id,
                'stock', v_line.stock, 'quantity', v_line.quantity), p_head);
        END IF;
        v_total := v_total + v_line.points::bigint * v_line.quantity;
        v_lines := v_lines || jsonb_build_object('goods_id', v_line.goods_id, 'code', v_line.code,
            'name', v_line.name, 'quantity', v_line.quantity, 'points_each', v_line.points,
            'points', v_line.points::bigint * v_line.quantity);
    END LOOP;
    IF v_found <> cardinality(p_goods_ids) THEN
        RETURN (jsonb_build_object('outcome', 'goods_not_found', 'goods_id',
            (SELECT q FROM unnest(p_goods_ids) AS q WHERE NOT EXISTS (
                SELECT FROM goods g WHERE g.community_id = v_community_id AND g.goods_id = q) LIMIT 1)), p_head);
    END IF;
    -- Invariant 2: a redemption never takes spendable below zero.
    IF v_spendable < v_total THEN
        RETURN (jsonb_build_object('outcome', 'insufficient_points', 'spendable', v_spendable,
            'points', v_total), p_head);
    END IF;
    UPDATE goods_stock s SET stock = s.stock - q.quantity
        FROM unnest(p_goods_ids, p_quantities) AS q (goods_id, quantity)
        WHERE s.community_id = v_community_id AND s.goods_id = q.goods_id;
    v_event := ledger_chain(p_head, 'redemption.made', NULL, p_actor_id, p_household_id,
        -v_total, 0, 0, 0,
        jsonb_build_object('redemption_id', gen_random_uuid(), 'lines', v_lines, 'points', v_total,
            'spendable_after', v_spendable - v_total),
        p_idempotency_key, p_request_digest);
    UPDATE household_balances SET spendable = spendable - v_total, last_seq = v_event.seq
        WHERE community_id = v_community_id AND household_id = p_household_id;
    RETURN (ledger_answer(v_event, 'created'), (v_community_id, v_event.seq, v_event.hash)::community_heads);
END
$$;

-- Move the head row on, once per transaction, if the commands chained anything.
CREATE FUNCTION ledger_move_head(p_before community_heads, p_after community_heads) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_after.head_seq <> p_before.head_seq THEN
        UPDATE community_heads SET head_seq = p_after.head_seq, head_hash = p_after.head_hash
            WHERE community_id = p_after.community_id;
    END IF;
END
$$;

-- A reversal restores exactly what the reversed event changed (invariant 9): it negates
-- its deltas and, for a redemption, puts its lines back on the shelf. Never twice, never
-- of a reversal; an award already spent is refused unless the overdraw policy allows a debt.
-- p_kind is 'reversal.recorded', or 'redemption.cancelled' for the counter's same-day
-- cancellation of its own sale (who may do which is checked by the caller).
CREATE FUNCTION ledger_reverse(
    p_community_id uuid, p_actor_id uuid, p_reversed_seq bigint, p_reason text,
    p_idempotency_key text, p_request_digest bytea, p_kind text
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    v_target events;
    v_spendable bigint;
    v_answer jsonb;
    v_may_overdraw boolean;
    v_stock jsonb := '[]';
    v_event events;
BEGIN
    PERFORM ledger_lock_head(p_community_id);
    SELECT * INTO v_target FROM events WHERE community_id = p_community_id AND seq = p_reversed_seq;
    IF NOT FOUND THEN
        RETURN jsonb_build_object('outcome', 'event_not_found');
    END IF;
    IF v_target.kind NOT IN ('award.confirmed', 'deduction.recorded', 'redemption.made') THEN
        RETURN jsonb_build_object('outcome', 'not_reversible', 'kind', v_target.kind);
    END IF;
    IF p_kind = 'redemption.cancelled' AND v_target.kind <> 'redemption.made' THEN
        RETURN jsonb_build_object('outcome', 'not_reversible', 'kind', v_target.kind);
    END IF;
    SELECT spendable INTO v_spendable FROM household_balances
        WHERE community_id = p_community_id AND household_id = v_target.household_id;
    v_answer := ledger_replay(p_community_id, p_idempotency_key, p_request_digest);
    IF v_answer IS NOT NULL THEN
        RETURN v_answer;
    END IF;
    IF EXISTS (SELECT FROM reversals WHERE community_id = p_community_id AND reversed_seq = p_reversed_seq) THEN
        RETURN jsonb_build_object('outcome', 'already_reversed');
    END IF;
    SELECT deduction_may_overdraw INTO v_may_overdraw FROM communities WHERE community_id = p_community_id;
    IF v_spendable - v_target.spendable_delta < 0 AND NOT v_may_overdraw THEN
        RETURN jsonb_build_object('outcome', 'insufficient_points', 'spendable', v_spendable,
            'points', v_target.spendable_delta);
    END IF;
    IF v_target.kind = 'redemption.made' THEN
        SELECT coalesce(jsonb_agg(jsonb_build_object('goods_id', l.goods_id, 'quantity', l.quantity)
                                  ORDER BY l.goods_id), '[]')
            INTO v_stock
            FROM jsonb_to_recordset(v_target.body -> 'lines') AS l (goods_id uuid, quantity integer);
        UPDATE goods_stock s SET stock = s.stock + l.quantity
            FROM jsonb_to_recordset(v_stock) AS l (goods_id uuid, quantity integer)
            WHERE s.community_id = p_community_id AND s.goods_id = l.goods_id;
    END IF;
    v_event := ledger_append(p_community_id, p_kind, NULL, p_actor_id, v_target.household_id,
        -v_target.spendable_delta, -v_target.pending_delta, -v_target.honour_delta, -v_target.money_delta_fen,
        jsonb_build_object('reversed_seq', v_target.seq, 'reversed_kind', v_target.kind, 'reason', p_reason,
            'stock', v_stock, 'spendable_after', v_spendable - v_target.spendable_delta),
        p_idempotency_key, p_request_digest);
    INSERT INTO reversals (community_id, reversed_seq, reversal_seq)
        VALUES (p_community_id, v_target.seq, v_event.seq);
    UPDATE household_balances SET spendable = spendable + v_event.spendable_delta,
                                  pending = pending + v_event.pending_delta,
                                  honour = honour + v_event.honour_delta, last_seq = v_event.seq
        WHERE community_id = p_community_id AND household_id = v_target.household_id;
    RETURN ledger_answer(v_event, 'created');
END
$$;

-- Group commit: many redemptions of one community in one transaction and one WAL flush,
-- each checked on its own exactly as a single call would be, chained in order. A refusal
-- writes nothing, so it needs no savepoint; the answers come back in command order.
CREATE FUNCTION ledger_redeem_batch(p_community_id uuid, p_commands jsonb) RETURNS jsonb[]
LANGUAGE plpgsql AS $$
DECLARE
    v_first community_heads := ledger_lock_head(p_community_id);
    v_step ledger_step;
    v_command jsonb;
    v_answers jsonb[] := '{}';  -- an array grows in place; a jsonb array would be copied each time
BEGIN
    -- The redemption window (policy, 0007): read under the head lock, so a sale and the window
    -- closing are ordered like everything else.
    IF NOT ledger_window_open(p_community_id) THEN
        RETURN array_fill(jsonb_build_object('outcome', 'redemption_window_closed'),
                          ARRAY[jsonb_array_length(p_commands)]);
    END IF;
    v_step.head := v_first;
    FOR v_command IN SELECT value FROM jsonb_array_elements(p_commands) LOOP
        v_step := ledger_redeem_after(
            v_step.head,
            (v_command ->> 'actor_id')::uuid,
            (v_command ->> 'household_id')::uuid,
            ARRAY(SELECT value::uuid FROM jsonb_array_elements_text(v_command -> 'goods_ids')),
            ARRAY(SELECT value::integer FROM jsonb_array_elements_text(v_command -> 'quantities')),
            v_command ->> 'idempotency_key',
            decode(v_command ->> 'request_digest', 'hex'));
        v_answers := v_answers || v_step.answer;
    END LOOP;
    PERFORM ledger_move_head(v_first, v_step.head);
    RETURN v_answers;
END
$$;

GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ledger_app;
