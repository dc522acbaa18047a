"""Patterns the supervision committee should look at (DESIGN §2, fairness), over a window
of recent days. Each query names who and what; none of them judges."""

from __future__ import annotations

import datetime
import uuid

import asyncpg

from ledger.store.types import Connectable

AWARDING = ("award.confirmed", "publicity.started", "award.proposed")


async def concentrated(
    db: Connectable, community_id: uuid.UUID, since: datetime.date, share: float, at_least: int
) -> list[asyncpg.Record]:
    """People whose awards went largely to one household."""
    return await db.fetch(
        """WITH given AS (
               SELECT e.actor_id, e.household_id, count(*) AS times
               FROM events e WHERE e.community_id = $1 AND e.kind = any($2::text[]) AND e.occurred_on >= $3
                 AND e.actor_id IS NOT NULL
               GROUP BY e.actor_id, e.household_id
           ), totals AS (SELECT actor_id, sum(times)::bigint AS total FROM given GROUP BY actor_id)
           SELECT u.username, h.number, g.times, t.total, round(g.times::numeric / t.total, 2) AS share
           FROM given g JOIN totals t USING (actor_id) JOIN users u ON u.user_id = g.actor_id
           JOIN households h ON h.community_id = $1 AND h.household_id = g.household_id
           WHERE t.total >= $5 AND g.times::numeric / t.total >= $4
           ORDER BY share DESC, u.username""",
        community_id,
        list(AWARDING),
        since,
        share,
        at_least,
    )


async def just_under_threshold(
    db: Connectable, community_id: uuid.UUID, since: datetime.date, at_least: int
) -> list[asyncpg.Record]:
    """Repeated awards a little under the points that would need publicity."""
    return await db.fetch(
        """SELECT u.username, count(*) AS times, min((e.body ->> 'points')::int) AS lowest,
                  max((e.body ->> 'points')::int) AS highest, c.publicity_threshold
           FROM events e JOIN communities c USING (community_id) JOIN users u ON u.user_id = e.actor_id
           WHERE e.community_id = $1 AND e.kind = 'award.confirmed' AND e.occurred_on >= $2
             AND c.publicity_threshold > 0
             AND (e.body ->> 'points')::int >= c.publicity_threshold * 0.8
             AND (e.body ->> 'points')::int < c.publicity_threshold
           GROUP BY u.username, c.publicity_threshold HAVING count(*) >= $3
           ORDER BY times DESC""",
        community_id,
        since,
        at_least,
    )


async def staff_household_awards(
    db: Connectable, community_id: uuid.UUID, since: datetime.date
) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT e.seq, e.kind, e.occurred_on, (e.body ->> 'points')::int AS points, h.number,
                  staff.username AS staff_member, actor.username AS given_by
           FROM events e
           JOIN staff_household_links l ON l.community_id = e.community_id AND l.household_id = e.household_id
                AND l.kind = 'own'
           JOIN users staff ON staff.user_id = l.user_id
           JOIN households h ON h.community_id = e.community_id AND h.household_id = e.household_id
           LEFT JOIN users actor ON actor.user_id = e.actor_id
           WHERE e.community_id = $1 AND e.kind IN ('award.confirmed', 'publicity.started') AND e.occurred_on >= $2
           ORDER BY e.seq""",
        community_id,
        since,
    )


async def undoers(
    db: Connectable, community_id: uuid.UUID, since: datetime.date, at_least: int
) -> list[asyncpg.Record]:
    """People who cancelled or reversed many times."""
    return await db.fetch(
        """SELECT u.username, count(*) AS times,
                  count(*) FILTER (WHERE e.kind = 'redemption.cancelled') AS cancellations,
                  count(*) FILTER (WHERE e.kind = 'reversal.recorded') AS reversals
           FROM events e JOIN users u ON u.user_id = e.actor_id
           WHERE e.community_id = $1 AND e.kind IN ('redemption.cancelled', 'reversal.recorded')
             AND e.occurred_on >= $2
           GROUP BY u.username HAVING count(*) >= $3 ORDER BY times DESC""",
        community_id,
        since,
        at_least,
    )
