-- 0019 · Switching over from paper (期初结转). A village that starts using the ledger has
-- years of points in paper passbooks or an old sheet. Each household's balance as it
-- stands there is carried in once: a sheet proposed by one committee member and approved
-- by another (or the supervision committee), never by its proposer; then posted on the
-- public board like an award (pending until its publicity ends, residents may object, an
-- upheld objection rejects the figure), so every household can compare it with its own
-- passbook. The happiness fund's opening balance is carried in the same way (maker-checker,
-- with its reference), once per community.

-- A proposal: a sheet of households, or the fund's opening balance.
CREATE TABLE carry_overs (
    community_id uuid NOT NULL,
    carry_over_id uuid NOT NULL,
    subject text NOT NULL,
    proposer_id uuid NOT NULL,
    proposed_seq bigint NOT NULL,
    file_name text,
    status text NOT NULL DEFAULT 'proposed',
    decided_by uuid,
    decided_seq bigint,
    reason text,
    CONSTRAINT carry_overs_pkey PRIMARY KEY (community_id, carry_over_id),
    CONSTRAINT carry_overs_community_fkey FOREIGN KEY (community_id) REFERENCES communities,
    CONSTRAINT carry_overs_proposed_fkey FOREIGN KEY (community_id, proposed_seq) REFERENCES events (community_id, seq),
    CONSTRAINT carry_overs_subject_known CHECK (subject IN ('households', 'fund')),
    CONSTRAINT carry_overs_status_known CHECK (status IN ('proposed', 'approved', 'rejected')),
    CONSTRAINT carry_overs_file_name_length CHECK (length(file_name) <= 200),
    CONSTRAINT carry_overs_reason_length CHECK (length(reason) <= 500)
);
CREATE INDEX carry_overs_listed ON carry_overs (community_id, status, proposed_seq);

-- One line of a sheet: a household's figures as the passbook has them, and where. The
-- unique key is the "at most once" rule: a household has at most one carry-in that has not
-- ended without effect (proposed, in publicity, or confirmed — confirmed is for good); a
-- sheet rejected by its checker, or a figure rejected by an upheld objection, ends with the
-- seq of that decision and leaves the household free for a corrected sheet.
CREATE TABLE carry_ins (
    community_id uuid NOT NULL,
    carry_over_id uuid NOT NULL,
    household_id uuid NOT NULL,
    sheet_row integer NOT NULL,
    spendable bigint NOT NULL,
    honour bigint NOT NULL,
    source_page text,
    source_line text,
    source_text text,
    status text NOT NULL DEFAULT 'proposed',
    posted_seq bigint,   -- carry_in.posted: on the board, pending
    carried_seq bigint,  -- carry_in.confirmed: spendable and honour
    ended_seq bigint,    -- carry_over.rejected or objection.upheld
    CONSTRAINT carry_ins_pkey PRIMARY KEY (community_id, carry_over_id, household_id),
    CONSTRAINT carry_ins_once_per_household UNIQUE NULLS NOT DISTINCT (community_id, household_id, ended_seq),
    CONSTRAINT carry_ins_carry_over_fkey FOREIGN KEY (community_id, carry_over_id) REFERENCES carry_overs,
    CONSTRAINT carry_ins_household_fkey FOREIGN KEY (community_id, household_id) REFERENCES households,
    CONSTRAINT carry_ins_status_known CHECK (status IN ('proposed', 'publicity', 'confirmed', 'rejected')),
    CONSTRAINT carry_ins_ended_when_rejected CHECK ((status = 'rejected') = (ended_seq IS NOT NULL)),
    CONSTRAINT carry_ins_sheet_row_range CHECK (sheet_row BETWEEN 1 AND 1000000),
    CONSTRAINT carry_ins_spendable_range CHECK (spendable BETWEEN 0 AND 10000000),
    CONSTRAINT carry_ins_honour_range CHECK (honour BETWEEN -10000000 AND 10000000),
    CONSTRAINT carry_ins_source_given CHECK (num_nonnulls(source_page, source_line, source_text) > 0),
    CONSTRAINT carry_ins_source_page_length CHECK (length(source_page) BETWEEN 1 AND 20),
    CONSTRAINT carry_ins_source_line_length CHECK (length(source_line) BETWEEN 1 AND 20),
    CONSTRAINT carry_ins_source_text_length CHECK (length(source_text) BETWEEN 1 AND 100)
);
CREATE INDEX carry_ins_posted ON carry_ins (community_id, posted_seq) WHERE posted_seq IS NOT NULL;

-- The fund's opening balance in whole fen, with its reference (the old account book, the
-- bank statement); the unique key allows one per community that has not been rejected.
CREATE TABLE fund_openings (
    community_id uuid NOT NULL,
    carry_over_id uuid NOT NULL,
    amount_fen bigint NOT NULL,
    reference text NOT NULL,
    carried_seq bigint,
    ended_seq bigint,
    CONSTRAINT fund_openings_pkey PRIMARY KEY (community_id, carry_over_id),
    CONSTRAINT fund_openings_once_per_community UNIQUE NULLS NOT DISTINCT (community_id, ended_seq),
    CONSTRAINT fund_openings_carry_over_fkey FOREIGN KEY (community_id, carry_over_id) REFERENCES carry_overs,
    CONSTRAINT fund_openings_amount_range CHECK (amount_fen BETWEEN 0 AND 10000000000),
    CONSTRAINT fund_openings_reference_length CHECK (length(reference) BETWEEN 1 AND 200)
);

-- The board carries carried-in balances beside awards: a carry-in has no rule.
ALTER TABLE publicity ADD COLUMN subject text NOT NULL DEFAULT 'award';
ALTER TABLE publicity ADD CONSTRAINT publicity_subject_known CHECK (subject IN ('award', 'carry_in'));
ALTER TABLE publicity ALTER COLUMN rule_id DROP NOT NULL;
ALTER TABLE publicity ADD CONSTRAINT publicity_rule_of_an_award CHECK ((subject = 'award') = (rule_id IS NOT NULL));

-- Where a line's figures come from, as its events carry it.
CREATE FUNCTION ledger_carry_in_source(p_line carry_ins) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN jsonb_strip_nulls(jsonb_build_object(
        'page', p_line.source_page, 'line', p_line.source_line, 'text', p_line.source_text));
END
$$;

-- A carried-in balance taking effect: spendable and honour as the passbook has them, and
-- what waited as pending leaves it (p_publicity_seq: the carry_in.posted event; NULL when
-- the community has no publicity). The household's one carried-in event.
CREATE FUNCTION ledger_carry_in_take_effect(
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

-- Carry in every line of an approved sheet, in the sheet's order (checked by the caller:
-- open, not the approver's own, no conflict of interest, households active). With
-- publicity each balance waits on the board as pending (carry_in.posted) until
-- ledger_confirm_due confirms it; without, it takes effect at once.
CREATE FUNCTION ledger_carry_in(p_community_id uuid, p_carry_over_id uuid, p_actor_id uuid) RETURNS integer
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

-- ledger_confirm_due as in 0011, and a carried-in balance whose publicity has ended takes
-- effect as the sheet has it (spendable and honour apart), not as an award of its points.
CREATE OR REPLACE FUNCTION ledger_confirm_due(p_community_id uuid, p_as_of date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    v_item publicity;
    v_rule rules;
    v_line carry_ins;
    v_event events;
    v_count integer := 0;
BEGIN
    PERFORM ledger_lock_head(p_community_id);
    FOR v_item IN
        SELECT * FROM publicity p
        WHERE p.community_id = p_community_id AND p.status = 'open' AND p.ends_on < p_as_of
          AND NOT EXISTS (SELECT FROM objections o WHERE o.community_id = p.community_id
                          AND o.award_seq = p.award_seq AND o.status IN ('open', 'upheld'))
        ORDER BY p.award_seq
    LOOP
        IF v_item.subject = 'carry_in' THEN
            SELECT * INTO v_line FROM carry_ins
                WHERE community_id = p_community_id AND posted_seq = v_item.award_seq;
            v_event := ledger_carry_in_take_effect(p_community_id, NULL, v_line, v_item.occurred_on,
                v_item.award_seq);
        ELSE
            SELECT * INTO v_rule FROM rules WHERE community_id = p_community_id AND rule_id = v_item.rule_id;
            v_rule.points := v_item.points;  -- the points as posted
            v_event := ledger_apply_award(p_community_id, NULL, v_item.household_id, v_rule, v_item.member,
                v_item.note, v_item.occurred_on, NULL, NULL, greatest(v_item.points, 0),
                jsonb_build_object('publicity_seq', v_item.award_seq));
        END IF;
        UPDATE publicity SET status = 'confirmed', decided_seq = v_event.seq
            WHERE community_id = p_community_id AND award_seq = v_item.award_seq;
        v_count := v_count + 1;
    END LOOP;
    RETURN v_count;
END
$$;

-- ledger_earned_in_year as in 0016, with carried-in balances in publicity left out: points
-- brought from the passbook were earned before the ledger and never count against this
-- year's cap. (PL/pgSQL now: Citus wants parameterised functions so.)
CREATE OR REPLACE FUNCTION ledger_earned_in_year(p_community_id uuid, p_household_id uuid, p_year integer)
RETURNS bigint LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN coalesce((
        SELECT sum(e.honour_delta) FROM events e
        WHERE e.community_id = p_community_id AND e.household_id = p_household_id
          AND e.kind = 'award.confirmed'
          AND e.occurred_on >= make_date(p_year, 1, 1) AND e.occurred_on < make_date(p_year + 1, 1, 1)
          AND NOT EXISTS (SELECT FROM reversals r WHERE r.community_id = e.community_id AND r.reversed_seq = e.seq)
    ), 0) + coalesce((
        SELECT sum(p.points) FROM publicity p
        WHERE p.community_id = p_community_id AND p.household_id = p_household_id
          AND p.status = 'open' AND p.points > 0 AND p.subject = 'award'
          AND p.occurred_on >= make_date(p_year, 1, 1) AND p.occurred_on < make_date(p_year + 1, 1, 1)
    ), 0);
END
$$;

GRANT SELECT, INSERT, UPDATE ON carry_overs, carry_ins, fund_openings TO ledger_app;
GRANT EXECUTE ON FUNCTION ledger_carry_in_source(carry_ins) TO ledger_app;
GRANT EXECUTE ON FUNCTION ledger_carry_in_take_effect(uuid, uuid, carry_ins, date, bigint) TO ledger_app;
GRANT EXECUTE ON FUNCTION ledger_carry_in(uuid, uuid, uuid) TO ledger_app;
