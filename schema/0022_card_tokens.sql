-- 0022 · A scanned card finds its community without asking every community's rows.
--
-- A card's page (/c/<token>) and an objection by card arrive with the token only. On one
-- PostgreSQL the unique index on cards.token_hash answers at once; on Citus, where cards
-- is distributed by community, that look-up went to every shard of every worker. This
-- table answers "whose card is this?" by the token's hash alone; the caller then reads the
-- card in that community's own rows, with community_id given (one shard, one worker).
--
-- Chosen over a token that carries its community: the cards already printed keep working
-- (they are backfilled below; a new token format would have left them on the slow path or
-- obliged every village to print again), the printed QR code stays as short as it is, and
-- the token tells nothing about where it belongs to whoever reads it off a card. Tokens
-- stay what they were: random (192 bits, ledger/services/security.py), and only their
-- SHA-256 is kept, here as in cards.
--
-- Only the live cards are here: a row is written when a card is issued and deleted when it
-- is revoked or replaced, so a revoked token and a guessed one stop at the same one look-up
-- of the primary key, and the table holds one row per household with a card. On Citus it
-- is a reference table (ledger/store/distribution.py): written only at issue and
-- revocation (rare: a two-phase commit to every node is cheap there), read at every scan,
-- and every node — the coordinator included — answers it from its own copy, with no
-- round trip to a worker. About 160 bytes a card with its index (measured: 200,000 random
-- hashes): 10 million households (a large province) make about 1.6 GB on each node.
--
-- cards stays the record of which card is valid: a reader checks the card's row there
-- too, so this table can only narrow a look-up to a community, never let a revoked card in.

CREATE TABLE card_tokens (
    token_hash bytea NOT NULL,
    community_id uuid NOT NULL,
    CONSTRAINT card_tokens_pkey PRIMARY KEY (token_hash),
    CONSTRAINT card_tokens_token_hash_length CHECK (length(token_hash) = 32),
    -- To the community only: on Citus a reference table cannot refer to a distributed one
    -- (cards, households), and the same constraints hold on both servers.
    CONSTRAINT card_tokens_community_id_fkey FOREIGN KEY (community_id) REFERENCES communities
);

INSERT INTO card_tokens (token_hash, community_id)
    SELECT token_hash, community_id FROM cards WHERE revoked_at IS NULL;

GRANT SELECT, INSERT, DELETE ON card_tokens TO ledger_app;
