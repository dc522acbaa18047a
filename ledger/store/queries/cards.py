"""Cards, found by the hash of their token (never by the token itself)."""

from __future__ import annotations

import asyncpg

from ledger.store.types import Connectable


async def card_by_token_hash(db: Connectable, token_hash: bytes) -> asyncpg.Record | None:
    return await db.fetchrow(
        """SELECT c.community_id, c.household_id, m.name AS community_name, m.star_thresholds
           FROM cards c JOIN communities m USING (community_id)
           WHERE c.token_hash = $1 AND c.revoked_at IS NULL""",
        token_hash,
    )
