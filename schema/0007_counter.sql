-- 0007 · The counter: the redemption window, the household PIN, and community policy.

ALTER TABLE communities
    -- Policy: does the counter ask for the household's 4-digit PIN?
    ADD COLUMN counter_pin_required boolean NOT NULL DEFAULT false,
    -- Policy: when the supermarket redeems — always, never (closed), or one day a month.
    ADD COLUMN redemption_window text NOT NULL DEFAULT 'open'
        CHECK (redemption_window IN ('open', 'closed', 'monthly_day')),
    ADD COLUMN redemption_day smallint CHECK (redemption_day BETWEEN 1 AND 28),
    ADD CONSTRAINT communities_redemption_day_given
        CHECK (redemption_window <> 'monthly_day' OR redemption_day IS NOT NULL);

-- Is the window open now, by the community's own calendar?
CREATE FUNCTION ledger_window_open(p_community_id uuid) RETURNS boolean
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

-- A household's PIN: only its argon2 hash; locked after five wrong tries until the
-- committee unlocks it.
CREATE TABLE household_pins (
    community_id uuid NOT NULL,
    household_id uuid NOT NULL,
    pin_hash text NOT NULL,
    failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked boolean NOT NULL DEFAULT false,
    PRIMARY KEY (community_id, household_id),
    FOREIGN KEY (community_id, household_id) REFERENCES households
);

GRANT SELECT, INSERT, UPDATE ON household_pins TO ledger_app;
GRANT EXECUTE ON FUNCTION ledger_window_open(uuid) TO ledger_app;
