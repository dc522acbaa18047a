-- 0001 · The record: communities and their hash-chained, append-only event log.
--
-- Every table's key starts with community_id so the schema distributes by community
-- (ops/SCALING.md). A community's appends are serialised by a row lock on its head row,
-- not by an advisory lock, because advisory locks are local to one node on Citus.

-- The application runs as ledger_app: it may read and append to the log, never rewrite it.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_app') THEN
        CREATE ROLE ledger_app NOLOGIN;
    END IF;
END
$$;
-- The connecting role switches to ledger_app for serving (SET ROLE), so it must be a member.
GRANT ledger_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO ledger_app;

-- Oversight levels (reference tables on Citus): county 县 → township 乡镇/街道 → community.
CREATE TABLE counties (
    county_id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100)
);

CREATE TABLE townships (
    township_id uuid PRIMARY KEY,
    county_id uuid NOT NULL REFERENCES counties,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    UNIQUE (county_id, name)
);

CREATE TABLE communities (
    community_id uuid PRIMARY KEY,
    township_id uuid REFERENCES townships,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    time_zone text NOT NULL DEFAULT 'Asia/Shanghai',
    -- Policy: may a deduction (or the reversal of an award already spent) take spendable
    -- below zero, as a debt later awards pay off? Redemptions never can.
    deduction_may_overdraw boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (township_id, name)
);

-- One row per community: the end of its chain. Locking it serialises appends, so sequence
-- numbers become visible in commit order and a reader tailing the log never skips one.
CREATE TABLE community_heads (
    community_id uuid PRIMARY KEY REFERENCES communities,
    head_seq bigint NOT NULL DEFAULT 0 CHECK (head_seq >= 0),
    head_hash bytea NOT NULL DEFAULT '\x0000000000000000000000000000000000000000000000000000000000000000'
);

CREATE TABLE events (
    community_id uuid NOT NULL,
    seq bigint NOT NULL CHECK (seq >= 1),
    kind text NOT NULL CHECK (kind ~ '^[a-z_]+\.[a-z_]+$'),
    recorded_at timestamptz NOT NULL,
    occurred_on date NOT NULL,
    actor_id uuid,
    household_id uuid,
    spendable_delta bigint NOT NULL DEFAULT 0,
    pending_delta bigint NOT NULL DEFAULT 0,
    honour_delta bigint NOT NULL DEFAULT 0,
    money_delta_fen bigint NOT NULL DEFAULT 0,
    body jsonb NOT NULL,
    idempotency_key text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    request_digest bytea,
    -- The exact bytes that were hashed, so verification recomputes the hash exactly
    -- and can compare every column with what was chained.
    canonical bytea NOT NULL,
    previous_hash bytea NOT NULL CHECK (length(previous_hash) = 32),
    hash bytea NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (community_id, seq),
    CONSTRAINT events_idempotency_key_unique UNIQUE (community_id, idempotency_key)
);
CREATE INDEX events_household ON events (community_id, household_id, seq) WHERE household_id IS NOT NULL;

-- Invariant 5: the database itself refuses to rewrite the log.
CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();

REVOKE ALL ON events FROM PUBLIC;
GRANT SELECT, INSERT ON events TO ledger_app;
GRANT SELECT ON counties, townships TO ledger_app;
GRANT SELECT, INSERT, UPDATE ON communities, community_heads TO ledger_app;

-- The canonical form of an event: a JSON object of every column that the hash covers.
-- jsonb's text form is deterministic (keys ordered), and the bytes are stored anyway.
-- (PL/pgSQL so that its plan is kept for the session: it runs once per event.)
CREATE FUNCTION event_canonical(e events) RETURNS bytea LANGUAGE plpgsql IMMUTABLE AS $$
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

-- Lock the community's head row. Every command takes it first, before any household or
-- goods row of the community (0003 explains why).
CREATE FUNCTION ledger_lock_head(p_community_id uuid) RETURNS community_heads
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

-- Chain one event after the given head: next seq, canonical bytes, SHA-256 link. The
-- caller holds the head lock and moves the head row on (once per transaction: a batch
-- of commands chains many events and updates the head row only at its end).
CREATE FUNCTION ledger_chain(
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

-- Append one event: lock the head, chain the event, move the head on.
CREATE FUNCTION ledger_append(
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
