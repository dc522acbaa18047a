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
    in publicity and objections, and the chain's head.

    Each figure is a lateral subquery over one community's rows, joined on community_id,
    rather than a subquery in the select list: Citus pushes that down to the shards whole
    (each community's figures computed on its worker), where a correlated subquery in the
    select list is refused ("complex joins…"). Each lateral subquery is grouped by
    community_id although it sees one community — Citus refuses an aggregate without GROUP
    BY in a lateral subquery that reads a reference table's column (the community's calendar
    day) — so a community with nothing to count has no row there, hence the coalesce. On
    PostgreSQL the plan is the same per-community index scans as the select-list form
    (the month's awards an index-only scan of events_monthly_points_covering)."""
    return await db.fetch(
        """SELECT s.community_id, s.name, s.township, coalesce(hh.households, 0) AS households,
                  coalesce(active.households, 0) AS households_active_30_days,
                  coalesce(awarded.points, 0) AS awarded_this_month,
                  coalesce(redeemed.points, 0) AS redeemed_this_month,
                  f.balance_fen AS fund_fen, coalesce(pub.awards, 0) AS in_publicity,
                  coalesce(obj.objections, 0) AS open_objections, hd.head_seq, hd.head_hash
           FROM (SELECT c.community_id, c.name, t.name AS township,
                        (now() AT TIME ZONE c.time_zone)::date AS today
                 FROM communities c LEFT JOIN townships t USING (township_id)
                 WHERE c.community_id = any($1::uuid[])) s
           -- The list on both sides, so that Citus reads only the shards of these communities.
           JOIN community_heads hd ON hd.community_id = s.community_id AND hd.community_id = any($1::uuid[])
           LEFT JOIN community_funds f ON f.community_id = hd.community_id
           LEFT JOIN LATERAL (
               SELECT count(*) AS households FROM households h
               WHERE h.community_id = hd.community_id AND h.status = 'active' GROUP BY h.community_id
           ) hh ON true
           LEFT JOIN LATERAL (
               SELECT count(DISTINCT e.household_id) AS households FROM events e
               WHERE e.community_id = hd.community_id AND e.kind IN ('award.confirmed', 'redemption.made')
                 AND e.occurred_on > s.today - 30
               GROUP BY e.community_id
           ) active ON true
           LEFT JOIN LATERAL (
               SELECT sum(e.honour_delta)::bigint AS points FROM events e
               WHERE e.community_id = hd.community_id AND e.kind = 'award.confirmed'
                 AND e.occurred_on >= date_trunc('month', s.today)::date
               GROUP BY e.community_id
           ) awarded ON true
           LEFT JOIN LATERAL (
               -- Net: a redemption since cancelled or reversed gave its points back, so it is not counted.
               SELECT (-sum(e.spendable_delta))::bigint AS points FROM events e
               WHERE e.community_id = hd.community_id AND e.kind = 'redemption.made'
                 AND e.occurred_on >= date_trunc('month', s.today)::date
                 AND NOT EXISTS (SELECT FROM reversals r
                                 WHERE r.community_id = e.community_id AND r.reversed_seq = e.seq)
               GROUP BY e.community_id
           ) redeemed ON true
           LEFT JOIN LATERAL (
               SELECT count(*) AS awards FROM publicity p
               WHERE p.community_id = hd.community_id AND p.status = 'open' GROUP BY p.community_id
           ) pub ON true
           LEFT JOIN LATERAL (
               SELECT count(*) AS objections FROM objections o
               WHERE o.community_id = hd.community_id AND o.status = 'open' GROUP BY o.community_id
           ) obj ON true
           ORDER BY s.township NULLS LAST, s.name""",
        community_ids,
    )
