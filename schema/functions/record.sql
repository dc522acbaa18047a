-- The record: the append-only event log and its hash chain (tables in 0001).
--
-- A community's appends are serialised by a row lock on its head row, not by an advisory
-- lock, because advisory locks are local to one node on Citus. Every command takes the
-- community's head lock first, and every write to a community's rows happens under it (the
-- Python-side commands in ledger/store/commands.py too). The head serialises a community's
-- commands anyway (its chain is one sequence), so the balance and stock rows need no row
-- locks of their own, no two commands of a community can wait on each other in a cycle, and
-- ledger_redeem_batch can run many commands in one transaction (group commit).

-- Invariant 5: the database itself refuses to rewrite the log.
CREATE OR REPLACE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
GRANT EXECUTE ON FUNCTION events_refuse_change() TO ledger_app;

-- The canonical form of an event: a JSON object of every column that the hash covers.
-- jsonb's text form is deterministic (keys ordered), and the bytes are stored anyway.
-- (PL/pgSQL so that its plan is kept for the session: it runs once per event.)
CREATE OR REPLACE FUNCTION event_canonical(e events) RETURNS bytea LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN convert_to(jsonb_build_object(
        'community_id', e.community_id,
        'seq', e.seq,
        'kind', e.kind,
        'recorded_at', to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'occurred_on', e.occurred_on,
        'actor_id', e.actor_id,
        'household_id', e.household_id,
        'spendable_delta', e.spendable_delta,
        'pending_delta', e.pending_delta,
        'honour_delta', e.honour_delta,
        'money_delta_fen', e.money_delta_fen,
        'body', e.body,
        'idempotency_key', e.idempotency_key,
        'request_digest', encode(e.request_digest, 'hex')
    )::text, 'UTF8');
END
$$;
GRANT EXECUTE ON FUNCTION event_canonical(events) TO ledger_app;

-- Lock the community's head row. Every command takes it first, before any household or
-- goods row of the community (the header says why).
CREATE OR REPLACE FUNCTION ledger_lock_head(p_community_id uuid) RETURNS community_heads
LANGUAGE plpgsql AS $$
DECLARE
    v_head community_heads;
BEGIN
    SELECT * INTO v_head FROM community_heads WHERE community_id = p_community_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown community %', p_community_id USING ERRCODE = 'no_data_found';
    END IF;
    RETURN v_head;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_lock_head(uuid) TO ledger_app;

-- Chain one event after the given head: next seq, canonical bytes, SHA-256 link, and its
-- monthly activity counted. The caller holds the head lock and moves the head row on (once per
-- transaction: a batch of commands chains many events and updates the head row only at its end).
CREATE OR REPLACE FUNCTION ledger_chain(
    p_head community_heads, p_kind text, p_occurred_on date, p_actor_id uuid, p_household_id uuid,
    p_spendable_delta bigint, p_pending_delta bigint, p_honour_delta bigint, p_money_delta_fen bigint,
    p_body jsonb, p_idempotency_key text, p_request_digest bytea
) RETURNS events LANGUAGE plpgsql AS $$
DECLARE
    v_event events := ledger_chain_uncounted(p_head, p_kind, p_occurred_on, p_actor_id, p_household_id,
        p_spendable_delta, p_pending_delta, p_honour_delta, p_money_delta_fen, p_body, p_idempotency_key,
        p_request_digest);
BEGIN
    -- The monthly activity the township's charts read (schema/functions/activity.sql).
    PERFORM ledger_count_activity(v_event);
    RETURN v_event;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_chain(community_heads, text, date, uuid, uuid, bigint, bigint, bigint, bigint, jsonb, text, bytea)
    TO ledger_app;

-- The chaining alone: for a batch that counts its events' activity once, at its end
-- (ledger_count_activity_since), before it moves the head.
CREATE OR REPLACE FUNCTION ledger_chain_uncounted(
    p_head community_heads, p_kind text, p_occurred_on date, p_actor_id uuid, p_household_id uuid,
    p_spendable_delta bigint, p_pending_delta bigint, p_honour_delta bigint, p_money_delta_fen bigint,
    p_body jsonb, p_idempotency_key text, p_request_digest bytea
) RETURNS events LANGUAGE plpgsql AS $$
DECLARE
    v_event events;
BEGIN
    v_event.community_id := p_head.community_id;
    v_event.seq := p_head.head_seq + 1;
    v_event.kind := p_kind;
    -- The clock is read under the head lock, so recorded_at never runs backwards along seq.
    v_event.recorded_at := clock_timestamp();
    v_event.occurred_on := coalesce(p_occurred_on, (v_event.recorded_at AT TIME ZONE
        (SELECT time_zone FROM communities WHERE community_id = p_head.community_id))::date);
    v_event.actor_id := p_actor_id;
    v_event.household_id := p_household_id;
    v_event.spendable_delta := coalesce(p_spendable_delta, 0);
    v_event.pending_delta := coalesce(p_pending_delta, 0);
    v_event.honour_delta := coalesce(p_honour_delta, 0);
    v_event.money_delta_fen := coalesce(p_money_delta_fen, 0);
    v_event.body := coalesce(p_body, '{}'::jsonb);
    v_event.idempotency_key := p_idempotency_key;
    v_event.request_digest := p_request_digest;
    v_event.previous_hash := p_head.head_hash;
    v_event.canonical := event_canonical(v_event);
    v_event.hash := sha256(v_event.previous_hash || v_event.canonical);
    INSERT INTO events VALUES (v_event.*);
    RETURN v_event;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_chain_uncounted(community_heads, text, date, uuid, uuid, bigint, bigint, bigint,
    bigint, jsonb, text, bytea) TO ledger_app;

-- An event as a command decides it (kind, the day it happened or NULL for today, actor,
-- household, deltas, body), for ledger_chain_all to number, date and chain. (SQL, so that it
-- is inlined into the statement that builds a batch's events.)
CREATE OR REPLACE FUNCTION ledger_event(
    p_kind text, p_occurred_on date, p_actor_id uuid, p_household_id uuid,
    p_spendable_delta bigint, p_pending_delta bigint, p_honour_delta bigint, p_body jsonb
) RETURNS events LANGUAGE sql IMMUTABLE AS $$
    SELECT ROW(NULL, NULL, p_kind, NULL, p_occurred_on, p_actor_id, p_household_id, p_spendable_delta,
               p_pending_delta, p_honour_delta, 0, p_body, NULL, NULL, NULL, NULL, NULL)::events
$$;
GRANT EXECUTE ON FUNCTION ledger_event(text, date, uuid, uuid, bigint, bigint, bigint, jsonb) TO ledger_app;

-- Chain many events after the given head, in the order given — a batch's proposals, or its
-- decisions and awards: the i-th becomes seq head + i, with its canonical bytes (the same
-- event_canonical) and its SHA-256 link computed in order here, then one INSERT for them all
-- and the month's activity counted once for the lot (ledger_count_activity_since). Row by
-- row, the inserts and the activity's upserts were what a batch cost, not the hashing. They
-- share one recorded_at, being one command recorded at one moment; an event without a day
-- happened today. The caller holds the head lock and moves the head row to the answer
-- (ledger_move_head).
CREATE OR REPLACE FUNCTION ledger_chain_all(p_head community_heads, p_events events[]) RETURNS community_heads
LANGUAGE plpgsql AS $$
DECLARE
    v_recorded_at timestamptz := clock_timestamp();
    v_today date;
    v_canonicals bytea[];
    v_previous bytea[];
    v_hashes bytea[];
    v_hash bytea := p_head.head_hash;
BEGIN
    IF coalesce(cardinality(p_events), 0) = 0 THEN
        RETURN p_head;
    END IF;
    SELECT (v_recorded_at AT TIME ZONE time_zone)::date INTO v_today
        FROM communities WHERE community_id = p_head.community_id;
    -- Each event as ledger_chain fills it in (the same again in the INSERT below).
    SELECT array_agg(event_canonical(ROW(p_head.community_id, p_head.head_seq + e.ordinality, e.kind, v_recorded_at,
                coalesce(e.occurred_on, v_today), e.actor_id, e.household_id, coalesce(e.spendable_delta, 0),
                coalesce(e.pending_delta, 0), coalesce(e.honour_delta, 0), coalesce(e.money_delta_fen, 0),
                coalesce(e.body, '{}'::jsonb), e.idempotency_key, e.request_digest, NULL, NULL, NULL)::events)
            ORDER BY e.ordinality)
        INTO v_canonicals
        FROM unnest(p_events) WITH ORDINALITY AS e;
    -- The one step that must go in order: each link hashes the one before it.
    FOR i IN 1 .. cardinality(v_canonicals) LOOP
        v_previous[i] := v_hash;
        v_hash := sha256(v_hash || v_canonicals[i]);
        v_hashes[i] := v_hash;
    END LOOP;
    INSERT INTO events (community_id, seq, kind, recorded_at, occurred_on, actor_id, household_id,
                        spendable_delta, pending_delta, honour_delta, money_delta_fen, body, idempotency_key,
                        request_digest, canonical, previous_hash, hash)
        SELECT p_head.community_id, p_head.head_seq + e.ordinality, e.kind, v_recorded_at,
               coalesce(e.occurred_on, v_today), e.actor_id, e.household_id, coalesce(e.spendable_delta, 0),
               coalesce(e.pending_delta, 0), coalesce(e.honour_delta, 0), coalesce(e.money_delta_fen, 0),
               coalesce(e.body, '{}'::jsonb), e.idempotency_key, e.request_digest, e.canonical, e.previous_hash, e.hash
        FROM ROWS FROM (unnest(p_events), unnest(v_canonicals), unnest(v_previous), unnest(v_hashes))
            WITH ORDINALITY AS e (community_id, seq, kind, recorded_at, occurred_on, actor_id, household_id,
                                  spendable_delta, pending_delta, honour_delta, money_delta_fen, body, idempotency_key,
                                  request_digest, canonical_unset, previous_hash_unset, hash_unset,
                                  canonical, previous_hash, hash, ordinality);
    PERFORM ledger_count_activity_since(p_head.community_id, p_head.head_seq);
    RETURN (p_head.community_id, p_head.head_seq + cardinality(p_events), v_hash)::community_heads;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_chain_all(community_heads, events[]) TO ledger_app;

-- Append one event: lock the head, chain the event, move the head on.
CREATE OR REPLACE FUNCTION ledger_append(
    p_community_id uuid, p_kind text, p_occurred_on date, p_actor_id uuid, p_household_id uuid,
    p_spendable_delta bigint, p_pending_delta bigint, p_honour_delta bigint, p_money_delta_fen bigint,
    p_body jsonb, p_idempotency_key text, p_request_digest bytea
) RETURNS events LANGUAGE plpgsql AS $$
DECLARE
    v_event events := ledger_chain(ledger_lock_head(p_community_id), p_kind, p_occurred_on, p_actor_id,
        p_household_id, p_spendable_delta, p_pending_delta, p_honour_delta, p_money_delta_fen, p_body,
        p_idempotency_key, p_request_digest);
BEGIN
    UPDATE community_heads SET head_seq = v_event.seq, head_hash = v_event.hash
        WHERE community_id = p_community_id;
    RETURN v_event;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_append(uuid, text, date, uuid, uuid, bigint, bigint, bigint, bigint, jsonb, text, bytea)
    TO ledger_app;

-- Move the head row on, once per transaction, if the commands chained anything.
CREATE OR REPLACE FUNCTION ledger_move_head(p_before community_heads, p_after community_heads) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_after.head_seq <> p_before.head_seq THEN
        UPDATE community_heads SET head_seq = p_after.head_seq, head_hash = p_after.head_hash
            WHERE community_id = p_after.community_id;
    END IF;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_move_head(community_heads, community_heads) TO ledger_app;
