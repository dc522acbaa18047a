"""Participation and activity across communities, for township and county officials (and
for village staff, their own): read-only figures, each from the community's own rows."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.store.types import Connectable


async def communities(db: Connectable, community_ids: list[uuid.UUID]) -> list[asyncpg.Record]:
    """Per community, by its own calendar: active households, those with an award or a
    redemption in the last 30 days, points awarded and redeemed (net of cancelled and reversed
    redemptions) this month, the fund, what waits
    in publicity and objections, and the chain's head."""
    return await db.fetch(
        """WITH scope AS (
               SELECT c.community_id, c.name, t.name AS township,
                      (now() AT TIME ZONE c.time_zone)::date AS today
               FROM communities c LEFT JOIN townships t USING (township_id)
               WHERE c.community_id = any($1::uuid[])
           )
           SELECT s.community_id, s.name, s.township,
                  (SELECT count(*) FROM households h
                   WHERE h.community_id = s.community_id AND h.status = 'active') AS households,
                  (SELECT count(DISTINCT e.household_id) FROM events e
                   WHERE e.community_id = s.community_id AND e.kind IN ('award.confirmed', 'redemption.made')
                     AND e.occurred_on > s.today - 30) AS households_active_30_days,
                  (SELECT coalesce(sum(e.honour_delta), 0) FROM events e
                   WHERE e.community_id = s.community_id AND e.kind = 'award.confirmed'
                     AND e.occurred_on >= date_trunc('month', s.today)::date)::bigint AS awarded_this_month,
                  -- Net: a redemption since cancelled or reversed gave its points back, so it is not counted.
                  (SELECT coalesce(-sum(e.spendable_delta), 0) FROM events e
                   WHERE e.community_id = s.community_id AND e.kind = 'redemption.made'
                     AND e.occurred_on >= date_trunc('month', s.today)::date
                     AND NOT EXISTS (SELECT FROM reversals r
                                     WHERE r.community_id = e.community_id AND r.reversed_seq = e.seq)
                  )::bigint AS redeemed_this_month,
                  (SELECT f.balance_fen FROM community_funds f WHERE f.community_id = s.community_id) AS fund_fen,
                  (SELECT count(*) FROM publicity p
                   WHERE p.community_id = s.community_id AND p.status = 'open') AS in_publicity,
                  (SELECT count(*) FROM objections o
                   WHERE o.community_id = s.community_id AND o.status = 'open') AS open_objections,
                  hd.head_seq, hd.head_hash
           FROM scope s JOIN community_heads hd USING (community_id)
           ORDER BY s.township NULLS LAST, s.name""",
        community_ids,
    )
