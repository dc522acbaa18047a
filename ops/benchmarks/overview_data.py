"""The township of the overview benchmark, made quickly in SQL: each village's households,
two goods on its shelf, and a year of awards (55 %), deductions (10 %), redemptions (30 %)
and fund gifts and payments (5 %), in a few set-based statements per village — 5 M events
through ledger_chain one at a time took about an hour on a busy two-core machine. The
events are the ledger's rows with the ledger's deltas and kinds, but not hash-chained (each
hash is its own bytes' SHA-256): the overview reads no hash, and `ledger verify` is not run
on this database. The monthly activity tables are then filled by the migration's own
statements (schema/0025, which a test shows give what the appends give)."""

from __future__ import annotations

OVERVIEW_FILL = """
CREATE OR REPLACE FUNCTION bench_overview_fill(p_community_id uuid, p_households integer, p_events integer,
                                               p_first date, p_today date)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_households uuid[];
    v_head bigint;
BEGIN
    SELECT array_agg(gen_random_uuid()) INTO v_households FROM generate_series(1, p_households);
    SELECT head_seq INTO v_head FROM community_heads WHERE community_id = p_community_id FOR UPDATE;
    INSERT INTO events (community_id, seq, kind, recorded_at, occurred_on, household_id, body, canonical,
                        previous_hash, hash)
        SELECT p_community_id, v_head + i, 'household.registered', now(), p_first, v_households[i],
               jsonb_build_object('number', lpad(i::text, 4, '0'), 'head_name', '王建国'),
               convert_to(i::text, 'UTF8'), decode(repeat('00', 32), 'hex'), sha256(convert_to(i::text, 'UTF8'))
        FROM generate_series(1, p_households) AS i;
    INSERT INTO households (community_id, household_id, number, head_name)
        SELECT p_community_id, v_households[i], lpad(i::text, 4, '0'), '王建国' FROM generate_series(1, p_households) AS i;
    INSERT INTO household_balances (community_id, household_id, last_seq)
        SELECT p_community_id, v_households[i], v_head + i FROM generate_series(1, p_households) AS i;
    v_head := v_head + p_households;
    INSERT INTO events (community_id, seq, kind, recorded_at, occurred_on, household_id, spendable_delta,
                        honour_delta, money_delta_fen, body, canonical, previous_hash, hash)
        SELECT p_community_id, v_head + r.i, r.kind, now(), r.day,
               CASE WHEN r.kind LIKE 'fund.%' THEN NULL ELSE v_households[r.household] END,
               CASE r.kind WHEN 'award.confirmed' THEN r.points WHEN 'deduction.recorded' THEN -r.points
                           WHEN 'redemption.made' THEN -r.points ELSE 0 END,
               CASE r.kind WHEN 'award.confirmed' THEN r.points WHEN 'deduction.recorded' THEN -r.points ELSE 0 END,
               CASE r.kind WHEN 'fund.contributed' THEN r.points * 1000 WHEN 'fund.spent' THEN -r.points * 1000
                           ELSE 0 END,
               jsonb_build_object('points', r.points, 'note', '压测'), convert_to(r.i::text, 'UTF8'),
               decode(repeat('00', 32), 'hex'), sha256(convert_to(r.i::text, 'UTF8'))
        FROM (SELECT i, (ARRAY[5, 10, 20, 50])[1 + floor(random() * 4)::integer] AS points,
                     1 + floor(random() * p_households)::integer AS household,
                     p_first + floor(random() * (p_today - p_first + 1))::integer AS day,
                     CASE WHEN chance < 0.55 THEN 'award.confirmed' WHEN chance < 0.65 THEN 'deduction.recorded'
                          WHEN chance < 0.95 THEN 'redemption.made' WHEN chance < 0.98 THEN 'fund.contributed'
                          ELSE 'fund.spent' END AS kind
              FROM (SELECT i, random() AS chance FROM generate_series(1, p_events) AS i) g) r;
    UPDATE community_heads SET head_seq = v_head + p_events,
        head_hash = (SELECT hash FROM events WHERE community_id = p_community_id AND seq = v_head + p_events)
        WHERE community_id = p_community_id;
    -- The shelf as a table, not as listing events: only its value in points is read here.
    INSERT INTO goods (community_id, goods_id, code, name, points)
        VALUES (p_community_id, gen_random_uuid(), 'G01', '肥皂', 3),
               (p_community_id, gen_random_uuid(), 'G02', '食用油', 25);
    INSERT INTO goods_stock (community_id, goods_id, stock)
        SELECT community_id, goods_id, 40 FROM goods WHERE community_id = p_community_id;
END
$$;
"""
