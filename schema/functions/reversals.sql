-- Reversals, and the counter's same-day cancellation of its own redemption.

-- A reversal restores exactly what the reversed event changed (invariant 9): it negates
-- its deltas and, for a redemption, puts its lines back on the shelf. Never twice, never
-- of a reversal; an award already spent is refused unless the overdraw policy allows a debt.
-- p_kind is 'reversal.recorded', or 'redemption.cancelled' for the counter's same-day
-- cancellation of its own sale (who may do which is checked by the caller).
CREATE OR REPLACE FUNCTION ledger_reverse(
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
GRANT EXECUTE ON FUNCTION ledger_reverse(uuid, uuid, bigint, text, text, bytea, text) TO ledger_app;
