-- Switching over from paper (期初结转): each household's balance as its passbook has it is
-- carried in once, from a sheet proposed by one committee member and approved by another,
-- and posted on the public board like an award (tables in 0019).

-- Where a line's figures come from, as its events carry it.
CREATE OR REPLACE FUNCTION ledger_carry_in_source(p_line carry_ins) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN jsonb_strip_nulls(jsonb_build_object(
        'page', p_line.source_page, 'line', p_line.source_line, 'text', p_line.source_text));
END
$$;
GRANT EXECUTE ON FUNCTION ledger_carry_in_source(carry_ins) TO ledger_app;

-- A carried-in balance taking effect: spendable and honour as the passbook has them, and
-- what waited as pending leaves it (p_publicity_seq: the carry_in.posted event; NULL when
-- the community has no publicity). The household's one carried-in event.
CREATE OR REPLACE FUNCTION ledger_carry_in_take_effect(
    p_community_id uuid, p_actor_id uuid, p_line carry_ins, p_occurred_on date, p_publicity_seq bigint
) RETURNS events LANGUAGE plpgsql AS $$
DECLARE
    v_spendable bigint;
    v_release bigint := 0;
    v_event events;
BEGIN
    IF p_publicity_seq IS NOT NULL THEN
        v_release := p_line.spendable;
    END IF;
    SELECT spendable INTO v_spendable FROM household_balances
        WHERE community_id = p_community_id AND household_id = p_line.household_id;
    v_event := ledger_append(p_community_id, 'carry_in.confirmed', p_occurred_on, p_actor_id, p_line.household_id,
        p_line.spendable, -v_release, p_line.honour, 0,
        jsonb_build_object('carry_over_id', p_line.carry_over_id, 'spendable', p_line.spendable,
            'honour', p_line.honour, 'source', ledger_carry_in_source(p_line), 'publicity_seq', p_publicity_seq,
            'spendable_after', v_spendable + p_line.spendable),
        NULL, NULL);
    -- As the fold does: an event that moves no figure leaves the row (and its last_seq) alone.
    IF v_event.spendable_delta <> 0 OR v_event.pending_delta <> 0 OR v_event.honour_delta <> 0 THEN
        UPDATE household_balances SET spendable = spendable + v_event.spendable_delta,
                                      pending = pending + v_event.pending_delta,
                                      honour = honour + v_event.honour_delta, last_seq = v_event.seq
            WHERE community_id = p_community_id AND household_id = p_line.household_id;
    END IF;
    UPDATE carry_ins SET status = 'confirmed', carried_seq = v_event.seq
        WHERE community_id = p_community_id AND carry_over_id = p_line.carry_over_id
          AND household_id = p_line.household_id;
    RETURN v_event;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_carry_in_take_effect(uuid, uuid, carry_ins, date, bigint) TO ledger_app;

-- Carry in every line of an approved sheet, in the sheet's order (checked by the caller:
-- open, not the approver's own, no conflict of interest, households active). With
-- publicity each balance waits on the board as pending (carry_in.posted) until
-- ledger_confirm_due confirms it; without, it takes effect at once.
CREATE OR REPLACE FUNCTION ledger_carry_in(p_community_id uuid, p_carry_over_id uuid, p_actor_id uuid) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_community communities;
    v_today date;
    v_ends_on date;
    v_line carry_ins;
    v_event events;
    v_count integer := 0;
BEGIN
    PERFORM ledger_lock_head(p_community_id);
    SELECT * INTO v_community FROM communities WHERE community_id = p_community_id;
    v_today := (clock_timestamp() AT TIME ZONE v_community.time_zone)::date;
    v_ends_on := v_today + v_community.publicity_days;
    FOR v_line IN
        SELECT * FROM carry_ins
        WHERE community_id = p_community_id AND carry_over_id = p_carry_over_id AND status = 'proposed'
        ORDER BY sheet_row
    LOOP
        IF v_community.publicity_days > 0 THEN
            v_event := ledger_append(p_community_id, 'carry_in.posted', v_today, p_actor_id, v_line.household_id,
                0, v_line.spendable, 0, 0,
                jsonb_build_object('carry_over_id', p_carry_over_id, 'spendable', v_line.spendable,
                    'honour', v_line.honour, 'source', ledger_carry_in_source(v_line), 'ends_on', v_ends_on),
                NULL, NULL);
            INSERT INTO publicity (community_id, award_seq, household_id, rule_id, points, occurred_on, ends_on, subject)
                VALUES (p_community_id, v_event.seq, v_line.household_id, NULL, v_line.spendable, v_today, v_ends_on,
                        'carry_in');
            IF v_event.pending_delta <> 0 THEN
                UPDATE household_balances SET pending = pending + v_event.pending_delta, last_seq = v_event.seq
                    WHERE community_id = p_community_id AND household_id = v_line.household_id;
            END IF;
            UPDATE carry_ins SET status = 'publicity', posted_seq = v_event.seq
                WHERE community_id = p_community_id AND carry_over_id = p_carry_over_id
                  AND household_id = v_line.household_id;
        ELSE
            PERFORM ledger_carry_in_take_effect(p_community_id, p_actor_id, v_line, v_today, NULL);
        END IF;
        v_count := v_count + 1;
    END LOOP;
    RETURN v_count;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_carry_in(uuid, uuid, uuid) TO ledger_app;
