-- 0002 · Projections of the log (updated in the same transaction as each append) and the
-- accounts that are not part of the public record (credentials never enter the log).

-- The figures that change with every command live apart from the descriptive rows
-- (pgledger's accounts and balances): PostgreSQL checks every CHECK constraint of a row on
-- every UPDATE, so a balance row carries only the checks that guard the figures.

CREATE TABLE households (
    community_id uuid NOT NULL REFERENCES communities,
    household_id uuid NOT NULL,
    number text NOT NULL CHECK (length(number) BETWEEN 1 AND 40),      -- 户号 / door number
    head_name text NOT NULL CHECK (length(head_name) BETWEEN 1 AND 60), -- 户主
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    PRIMARY KEY (community_id, household_id),
    UNIQUE (community_id, number)
);

CREATE TABLE household_balances (
    community_id uuid NOT NULL,
    household_id uuid NOT NULL,
    -- A debt (spendable < 0) can only come from a deduction where policy allows it; the
    -- functions in 0003 keep redemptions from ever taking spendable below zero.
    spendable bigint NOT NULL DEFAULT 0,
    pending bigint NOT NULL DEFAULT 0 CHECK (pending >= 0),
    honour bigint NOT NULL DEFAULT 0,
    last_seq bigint NOT NULL,
    PRIMARY KEY (community_id, household_id),
    FOREIGN KEY (community_id, household_id) REFERENCES households
);

CREATE TABLE rules (
    community_id uuid NOT NULL REFERENCES communities,
    rule_id uuid NOT NULL,
    code text NOT NULL CHECK (length(code) BETWEEN 1 AND 20),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    name_en text NOT NULL DEFAULT '' CHECK (length(name_en) <= 200),
    category text NOT NULL DEFAULT '' CHECK (length(category) <= 40),
    points integer NOT NULL CHECK (points <> 0 AND points BETWEEN -100000 AND 100000),
    needs_publicity boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    PRIMARY KEY (community_id, rule_id),
    UNIQUE (community_id, code)
);

CREATE TABLE goods (
    community_id uuid NOT NULL REFERENCES communities,
    goods_id uuid NOT NULL,
    code text NOT NULL CHECK (length(code) BETWEEN 1 AND 20),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    name_en text NOT NULL DEFAULT '' CHECK (length(name_en) <= 200),
    category text NOT NULL DEFAULT '' CHECK (length(category) <= 40),
    unit text NOT NULL DEFAULT '' CHECK (length(unit) <= 10),
    points integer NOT NULL CHECK (points BETWEEN 1 AND 100000),
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
    PRIMARY KEY (community_id, goods_id),
    UNIQUE (community_id, code)
);

CREATE TABLE goods_stock (
    community_id uuid NOT NULL,
    goods_id uuid NOT NULL,
    stock bigint NOT NULL DEFAULT 0 CHECK (stock >= 0),  -- invariant 3
    PRIMARY KEY (community_id, goods_id),
    FOREIGN KEY (community_id, goods_id) REFERENCES goods
);

-- Invariant 9: nothing is reversed twice — the key says so.
CREATE TABLE reversals (
    community_id uuid NOT NULL,
    reversed_seq bigint NOT NULL,
    reversal_seq bigint NOT NULL,
    PRIMARY KEY (community_id, reversed_seq),
    FOREIGN KEY (community_id, reversed_seq) REFERENCES events (community_id, seq),
    FOREIGN KEY (community_id, reversal_seq) REFERENCES events (community_id, seq)
);

-- Resident cards. Only a SHA-256 of the random token is kept; the token itself exists
-- only on the printed card. The hash is unique across communities because a scan
-- arrives without knowing its community (a lookup table on Citus).
CREATE TABLE cards (
    community_id uuid NOT NULL REFERENCES communities,
    card_id uuid NOT NULL,
    household_id uuid NOT NULL,
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    issued_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    PRIMARY KEY (community_id, card_id),
    FOREIGN KEY (community_id, household_id) REFERENCES households
);

-- Staff accounts live outside any one community: one person may serve several.
CREATE TABLE users (
    user_id uuid PRIMARY KEY,
    username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,40}$'),
    display_name text NOT NULL DEFAULT '' CHECK (length(display_name) <= 60),
    password_hash text NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_roles (
    community_id uuid NOT NULL REFERENCES communities,
    user_id uuid NOT NULL REFERENCES users,
    role text NOT NULL CHECK (role IN ('counter', 'scorer', 'committee', 'supervisor', 'admin')),
    PRIMARY KEY (community_id, user_id, role)
);
CREATE INDEX staff_roles_user ON staff_roles (user_id);

-- API bearer tokens: random, stored hashed, with an expiry; revocation sets revoked_at.
CREATE TABLE sessions (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id uuid NOT NULL REFERENCES users,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);

GRANT SELECT, INSERT, UPDATE ON households, household_balances, rules, goods, goods_stock, cards, users, sessions
    TO ledger_app;
GRANT SELECT, INSERT ON reversals, staff_roles TO ledger_app;
