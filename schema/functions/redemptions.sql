-- Redemptions at the counter: the redemption window, a cart after a given head, and many
-- carts of one community in one transaction (group commit).

-- Is the redemption window open now, by the community's own calendar? (Policy, 0007:
-- always, never, or one day a month.)
CREATE OR REPLACE FUNCTION ledger_window_open(p_community_id uuid) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_community communities;
BEGIN
    SELECT * INTO v_community FROM communities WHERE community_id = p_community_id;
    RETURN CASE v_community.redemption_window
        WHEN 'open' THEN true
        WHEN 'closed' THEN false
        ELSE extract(day FROM clock_timestamp() AT TIME ZONE v_community.time_zone)::integer
             = v_community.redemption_day
    END;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_window_open(uuid) TO ledger_app;

-- A redemption: a cart of (goods, quantity) lines, all or nothing, priced at this moment,
-- chained after p_head (whose lock the caller holds). The caller merges repeated goods
-- into one line, so each goods id appears once.
CREATE OR REPLACE FUNCTION ledger_redeem_after(
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
    -- Its activity is counted by its batch, once for all (ledger_redeem_batch).
    v_event := ledger_chain_uncounted(p_head, 'redemption.made', NULL, p_actor_id, p_household_id,
        -v_total, 0, 0, 0,
        jsonb_build_object('redemption_id', gen_random_uuid(), 'lines', v_lines, 'points', v_total,
            'spendable_after', v_spendable - v_total),
        p_idempotency_key, p_request_digest);
    UPDATE household_balances SET spendable = spendable - v_total, last_seq = v_event.seq
        WHERE community_id = v_community_id AND household_id = p_household_id;
    RETURN (ledger_answer(v_event, 'created'), (v_community_id, v_event.seq, v_event.hash)::community_heads);
END
$$;
GRANT EXECUTE ON FUNCTION ledger_redeem_after(community_heads, uuid, uuid, uuid[], integer[], text, bytea)
    TO ledger_app;

-- The counter's sale by card: the card (its token's or short code's hash) names the household,
-- and where the community's policy asks for a PIN, the try the server weighed (argon2 is slow
-- by design and runs there, against p_pin_hash as read just before) is counted here, under the
-- head lock: a wrong try stays counted, a locked PIN refuses even the right one, and a PIN
-- changed since it was read refuses without counting. A retry with the same key and body
-- answers first, as the first call did, even if the card or the policy changed since.
CREATE OR REPLACE FUNCTION ledger_redeem_by_card_after(
    p_head community_heads, p_actor_id uuid, p_token_hash bytea, p_short_code_hash bytea,
    p_pin_hash text, p_pin_right boolean, p_pin_tries_max integer,
    p_goods_ids uuid[], p_quantities integer[],
    p_idempotency_key text, p_request_digest bytea
) RETURNS ledger_step LANGUAGE plpgsql AS $$
DECLARE
    v_community_id uuid := p_head.community_id;
    v_answer jsonb := ledger_replay(p_head.community_id, p_idempotency_key, p_request_digest);
    v_household_id uuid;
    v_pin household_pins;
    v_locked boolean;
BEGIN
    IF v_answer IS NOT NULL THEN
        RETURN (v_answer, p_head);
    END IF;
    IF p_token_hash IS NOT NULL THEN
        SELECT household_id INTO v_household_id FROM cards
            WHERE community_id = v_community_id AND token_hash = p_token_hash AND revoked_at IS NULL;
    ELSE
        SELECT household_id INTO v_household_id FROM cards
            WHERE community_id = v_community_id AND short_code_hash = p_short_code_hash AND revoked_at IS NULL;
    END IF;
    IF v_household_id IS NULL THEN
        RETURN (jsonb_build_object('outcome', 'card_not_found'), p_head);
    END IF;
    IF (SELECT counter_pin_required FROM communities WHERE community_id = v_community_id) THEN
        SELECT * INTO v_pin FROM household_pins
            WHERE community_id = v_community_id AND household_id = v_household_id;
        IF NOT FOUND THEN
            RETURN (jsonb_build_object('outcome', 'pin_not_set'), p_head);
        ELSIF v_pin.locked THEN
            RETURN (jsonb_build_object('outcome', 'pin_locked'), p_head);
        ELSIF p_pin_right IS NULL THEN
            RETURN (jsonb_build_object('outcome', 'pin_required'), p_head);
        ELSIF v_pin.pin_hash IS DISTINCT FROM p_pin_hash THEN
            RETURN (jsonb_build_object('outcome', 'pin_wrong'), p_head);
        ELSIF NOT p_pin_right THEN
            UPDATE household_pins SET failed_attempts = failed_attempts + 1,
                    locked = locked OR failed_attempts + 1 >= p_pin_tries_max
                WHERE community_id = v_community_id AND household_id = v_household_id
                RETURNING locked INTO v_locked;
            RETURN (jsonb_build_object('outcome', CASE WHEN v_locked THEN 'pin_now_locked' ELSE 'pin_wrong' END),
                p_head);
        END IF;
        UPDATE household_pins SET failed_attempts = 0
            WHERE community_id = v_community_id AND household_id = v_household_id AND failed_attempts > 0;
    END IF;
    RETURN ledger_redeem_after(p_head, p_actor_id, v_household_id, p_goods_ids, p_quantities,
        p_idempotency_key, p_request_digest);
END
$$;
GRANT EXECUTE ON FUNCTION ledger_redeem_by_card_after(community_heads, uuid, bytea, bytea, text, boolean,
    integer, uuid[], integer[], text, bytea) TO ledger_app;

-- Group commit: many redemptions of one community in one transaction and one WAL flush,
-- each checked on its own exactly as a single call would be, chained in order. A refusal
-- writes nothing (but a PIN's try, which is meant to stay), so it needs no savepoint; the
-- answers come back in command order. A command names its household, or the card the
-- counter scanned (`token_hash` or `short_code_hash`, hex) with the PIN's try.
CREATE OR REPLACE FUNCTION ledger_redeem_batch(p_community_id uuid, p_commands jsonb) RETURNS jsonb[]
LANGUAGE plpgsql AS $$
DECLARE
    v_first community_heads := ledger_lock_head(p_community_id);
    -- The redemption window (policy, 0007): read under the head lock, so a sale and the window
    -- closing are ordered like everything else.
    v_open boolean := ledger_window_open(p_community_id);
    v_step ledger_step;
    v_command jsonb;
    v_goods_ids uuid[];
    v_quantities integer[];
    v_replayed jsonb;
    v_answers jsonb[] := '{}';  -- an array grows in place; a jsonb array would be copied each time
BEGIN
    v_step.head := v_first;
    FOR v_command IN SELECT value FROM jsonb_array_elements(p_commands) LOOP
        IF NOT v_open THEN
            -- A retry of a sale made while it was open still answers as the sale did.
            v_replayed := ledger_replay(p_community_id, v_command ->> 'idempotency_key',
                decode(v_command ->> 'request_digest', 'hex'));
            v_answers := v_answers || coalesce(v_replayed, jsonb_build_object('outcome', 'redemption_window_closed'));
            CONTINUE;
        END IF;
        v_goods_ids := ARRAY(SELECT value::uuid FROM jsonb_array_elements_text(v_command -> 'goods_ids'));
        v_quantities := ARRAY(SELECT value::integer FROM jsonb_array_elements_text(v_command -> 'quantities'));
        IF v_command ? 'household_id' THEN
            v_step := ledger_redeem_after(
                v_step.head, (v_command ->> 'actor_id')::uuid, (v_command ->> 'household_id')::uuid,
                v_goods_ids, v_quantities,
                v_command ->> 'idempotency_key', decode(v_command ->> 'request_digest', 'hex'));
        ELSE
            v_step := ledger_redeem_by_card_after(
                v_step.head, (v_command ->> 'actor_id')::uuid,
                decode(v_command ->> 'token_hash', 'hex'), decode(v_command ->> 'short_code_hash', 'hex'),
                v_command ->> 'pin_hash', (v_command ->> 'pin_right')::boolean,
                (v_command ->> 'pin_tries_max')::integer,
                v_goods_ids, v_quantities,
                v_command ->> 'idempotency_key', decode(v_command ->> 'request_digest', 'hex'));
        END IF;
        v_answers := v_answers || v_step.answer;
    END LOOP;
    PERFORM ledger_count_activity_since(p_community_id, v_first.head_seq);
    PERFORM ledger_move_head(v_first, v_step.head);
    RETURN v_answers;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_redeem_batch(uuid, jsonb) TO ledger_app;

-- Group commit across communities (a single PostgreSQL only: on Citus a transaction of several
-- communities would span workers): each community's commands as ledger_redeem_batch runs
-- them, all in one transaction and one WAL flush. p_commands is a JSON array whose element i
-- (from 1) is the array of p_community_ids[i]'s commands; the answer's element i is the
-- jsonb array of their answers.
-- The heads are locked in community order, whatever order they come in, so two batches that
-- share communities can never wait on each other in a cycle.
CREATE OR REPLACE FUNCTION ledger_redeem_batches(p_community_ids uuid[], p_commands jsonb) RETURNS jsonb[]
LANGUAGE plpgsql AS $$
DECLARE
    v_index integer;
    v_answers jsonb[] := array_fill(NULL::jsonb, ARRAY[cardinality(p_community_ids)]);
BEGIN
    FOR v_index IN
        SELECT i FROM generate_subscripts(p_community_ids, 1) AS i ORDER BY p_community_ids[i]
    LOOP
        v_answers[v_index] := to_jsonb(ledger_redeem_batch(p_community_ids[v_index], p_commands -> (v_index - 1)));
    END LOOP;
    RETURN v_answers;
END
$$;
GRANT EXECUTE ON FUNCTION ledger_redeem_batches(uuid[], jsonb) TO ledger_app;
