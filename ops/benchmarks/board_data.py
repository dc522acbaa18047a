"""The board village's log, a chunk a call: each event made as ledger_chain makes it (the same
canonical bytes and SHA-256 link, one after the other), then the chunk inserted by one
statement and the head moved once. Event by event through ledger_chain the million events
took minutes (an INSERT and the monthly counting per event); the monthly activity is
filled afterwards by the migration's own statements (fill_activity_as_the_migration_does)."""

from __future__ import annotations

BOARD_FILL = """
CREATE FUNCTION bench_fill(p_community_id uuid, p_households uuid[], p_count integer, p_today date)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_first community_heads := ledger_lock_head(p_community_id);
    v_events events[] := '{}';
    v_event events;
    v_points integer;
    v_chance double precision;
BEGIN
    v_event.community_id := p_community_id;
    v_event.seq := v_first.head_seq;
    v_event.hash := v_first.head_hash;
    v_event.pending_delta := 0;
    v_event.money_delta_fen := 0;
    FOR i IN 1..p_count LOOP
        v_points := (ARRAY[5, 10, 20, 50])[1 + floor(random() * 4)::integer];
        v_chance := random();
        v_event.seq := v_event.seq + 1;
        v_event.previous_hash := v_event.hash;
        v_event.kind := CASE WHEN v_chance < 0.6 THEN 'award.confirmed'
            WHEN v_chance < 0.7 THEN 'deduction.recorded' ELSE 'redemption.made' END;
        v_event.recorded_at := clock_timestamp();
        v_event.occurred_on := p_today - floor(random() * 730)::integer;
        v_event.household_id := p_households[1 + floor(random() * array_length(p_households, 1))::integer];
        v_event.spendable_delta := CASE WHEN v_chance < 0.6 THEN v_points ELSE -v_points END;
        v_event.honour_delta := CASE WHEN v_chance < 0.6 THEN v_points WHEN v_chance < 0.7 THEN -v_points ELSE 0 END;
        -- No goods lines (no stock moves), but the key a redemption's replay reads.
        v_event.body := jsonb_build_object('points', v_points, 'note', '压测', 'lines', '[]'::jsonb);
        v_event.canonical := event_canonical(v_event);
        v_event.hash := sha256(v_event.previous_hash || v_event.canonical);
        v_events := array_append(v_events, v_event);
    END LOOP;
    INSERT INTO events SELECT * FROM unnest(v_events);
    PERFORM ledger_move_head(v_first, (p_community_id, v_event.seq, v_event.hash)::community_heads);
END
$$;
"""
