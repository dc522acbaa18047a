"""Cards, found by the hash of their token (never by the token itself).

A scan arrives with the token alone: card_tokens names the card's community, then the card
is read in that community's own rows (schema/0022_card_tokens.sql) — on Citus a read of the
coordinator's copy of a reference table, then one shard on one worker, never every shard."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.store.types import Connectable


async def card_by_token_hash(db: Connectable, token_hash: bytes) -> asyncpg.Record | None:
    """The live card with this token's hash, in whichever community holds it, or None."""
    community_id = await db.fetchval("SELECT community_id FROM card_tokens WHERE token_hash = $1", token_hash)
    if community_id is None:
        return None
    return await card_in_community(db, community_id, token_hash)


async def card_in_community(
    db: Connectable, community_id: uuid.UUID, token_hash: bytes
) -> asyncpg.Record | None:
    """The live card with this token's hash in this community, or None (a card of another
    community is not found here)."""
    return await db.fetchrow(
        """SELECT c.community_id, c.household_id, m.name AS community_name, m.star_thresholds,
                  m.black_board_public, (now() AT TIME ZONE m.time_zone)::date AS today
           FROM cards c JOIN communities m USING (community_id)
           WHERE c.community_id = $1 AND c.token_hash = $2 AND c.revoked_at IS NULL""",
        community_id,
        token_hash,
    )
