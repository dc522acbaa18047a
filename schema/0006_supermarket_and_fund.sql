-- 0006 · The love supermarket's shelf and the happiness fund (幸福基金).

-- Below this many on the shelf an item is listed as running low.
ALTER TABLE goods ADD COLUMN low_stock_threshold integer NOT NULL DEFAULT 5
    CHECK (low_stock_threshold BETWEEN 0 AND 100000);

-- Policy: points a resident household receives per 100 yuan it gives to the fund.
ALTER TABLE communities ADD COLUMN fund_points_per_100_yuan integer NOT NULL DEFAULT 10
    CHECK (fund_points_per_100_yuan BETWEEN 0 AND 1000);

-- The fund's balance in whole fen; invariant 3 says it is never below zero.
CREATE TABLE community_funds (
    community_id uuid PRIMARY KEY REFERENCES communities,
    balance_fen bigint NOT NULL DEFAULT 0 CHECK (balance_fen >= 0)
);
INSERT INTO community_funds (community_id) SELECT community_id FROM communities;

GRANT SELECT, INSERT, UPDATE ON community_funds TO ledger_app;
