-- Answers and replays. The hot commands are one PL/pgSQL call each: one round trip from
-- the server, and (on Citus) delegable whole to the community's node by their first
-- argument. Each returns a jsonb answer whose "outcome" is 'created', 'replayed' or the
-- stable code of an expected refusal (insufficient_points, insufficient_stock, …). A
-- refusal returns before anything is written, so the caller's transaction commits nothing.

-- An idempotency key already used in this community: the first answer, or a conflict.
-- Called under the head lock, so a concurrent twin of the same request waits for the
-- first and then sees its event.
CREATE OR REPLACE FUNCTION ledger_replay(p_community_id uuid, p_idempotency_key text, p_request_digest bytea)
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
GRANT EXECUTE ON FUNCTION ledger_replay(uuid, text, bytea) TO ledger_app;

-- The answer to a command is derived from its event alone, so a replay answers exactly
-- what the first call answered.
-- PL/pgSQL rather than SQL: called from PL/pgSQL, an SQL function is parsed and planned
-- on every call, a PL/pgSQL one keeps its plan for the session.
CREATE OR REPLACE FUNCTION ledger_answer(p_event events, p_outcome text) RETURNS jsonb
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
GRANT EXECUTE ON FUNCTION ledger_answer(events, text) TO ledger_app;
