"""The counter's own list: what one counter user redeemed today, and may still cancel."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.store.types import Connectable


async def redemptions_today_by(
    db: Connectable, community_id: uuid.UUID, actor_id: uuid.UUID
) -> list[asyncpg.Record]:
    """One counter user's redemptions of the community's today, newest first, with whether each
    was cancelled: what they may still cancel themselves."""
    return await db.fetch(
        """SELECT e.seq, e.recorded_at, (e.body ->> 'points')::int AS points, h.number,
                  EXISTS (SELECT FROM reversals r WHERE r.community_id = e.community_id
                          AND r.reversed_seq = e.seq) AS cancelled
           FROM events e JOIN communities c USING (community_id)
           JOIN households h ON h.community_id = e.community_id AND h.household_id = e.household_id
           WHERE e.community_id = $1 AND e.kind = 'redemption.made' AND e.actor_id = $2
             AND e.occurred_on = (now() AT TIME ZONE c.time_zone)::date
           ORDER BY e.seq DESC LIMIT 50""",
        community_id,
        actor_id,
    )
