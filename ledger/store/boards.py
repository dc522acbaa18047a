"""The monthly red and black lists: confirmed awards (or deductions) that happened in the
month and have not been reversed, from their monthly summary (schema/0027); and a
household's standing and the months' participation, from the log's covering index."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

import asyncpg

from ledger.store.types import Connectable


@dataclass(frozen=True, slots=True)
class MonthlyList:
    """A month's list as one statement read it: the community's policy for its lists and its
    today, the chain's head, and the entries in their order."""

    policy: asyncpg.Record  # name, red_board_size, black_board_public, board_listing_days, today
    head_seq: int
    head_hash: bytes
    entries: list[asyncpg.Record]  # number, head_name, points, times


async def monthly(
    db: Connectable,
    community_id: uuid.UUID,
    kind: str,
    month: datetime.date,
    limit: int | None,
    group_id: uuid.UUID | None = None,
) -> MonthlyList | None:
    """The list for the community, or (`group_id`) for the households of that villager group
    now: the same entries, the same order, the others left out; `limit` entries, or None for
    the community's red list size. None: no such community.

    Read from household_month_points (schema/0027), kept with the append: an index-only scan
    of the month's rows in points order, never the month's awards one by one. The policy,
    today and the chain's head come in the same statement — one round trip, and the head is
    that of exactly the log the list was read from. The caller refuses a list the policy does
    not show (its entries are then read but never shown)."""
    order = "DESC" if kind == "award.confirmed" else "ASC"  # most earned / most deducted first
    # A group's list joins its households' places; no OR around a correlated subquery, which
    # Citus cannot push down to the community's shard.
    in_group = (
        "JOIN household_places p ON p.community_id = s.community_id AND p.household_id = s.household_id"
        " AND p.group_id = $5"
        if group_id is not None
        else ""
    )
    arguments = (community_id, kind, month, limit, *((group_id,) if group_id is not None else ()))
    # times = 0: every entry of the month reversed, so the household is not on the list. An
    # empty list is one row of the policy and head alone (number NULL).
    rows = await db.fetch(
        f"""SELECT c.name, c.red_board_size, c.black_board_public, c.board_listing_days,
                   (now() AT TIME ZONE c.time_zone)::date AS today, hd.head_seq, hd.head_hash,
                   l.number, l.head_name, l.points, l.times
            FROM communities c
            JOIN community_heads hd ON hd.community_id = c.community_id AND hd.community_id = $1
            LEFT JOIN LATERAL (
                SELECT h.number, h.head_name, s.points, s.times::bigint AS times
                FROM household_month_points s
                JOIN households h ON h.community_id = s.community_id AND h.household_id = s.household_id
                {in_group}
                WHERE s.community_id = $1 AND s.kind = $2 AND s.month = $3 AND s.times > 0
                ORDER BY s.points {order}, h.number
                LIMIT coalesce($4::integer, c.red_board_size)
            ) l ON true
            WHERE c.community_id = $1
            ORDER BY l.points {order}, l.number""",  # noqa: S608 the order and the join are constants
        *arguments,
    )
    if not rows:
        return None
    return MonthlyList(
        policy=rows[0],
        head_seq=rows[0]["head_seq"],
        head_hash=rows[0]["head_hash"],
        entries=[row for row in rows if row["number"] is not None],
    )


async def points_standing(
    db: Connectable, community_id: uuid.UUID, household_id: uuid.UUID, today: datetime.date
) -> asyncpg.Record | None:
    """A household's points earned this month and this year up to `today` (confirmed awards
    minus deductions that happened in the period and were not reversed), its rank among the
    community's active households by each figure (ties share a rank: one more than those
    strictly ahead) and how many active households there are; None if the household is not
    active. Households without any count as 0.

    One statement for both periods: this month's entries up to today from the covering index
    the lists used before 0027 (a range scan of this month, never the whole log), the year's
    earlier months from household_month_points, whole months all before today."""
    return await db.fetchrow(
        """WITH this_month AS (
               SELECT e.household_id, sum(e.honour_delta)::bigint AS points FROM events e
               WHERE e.community_id = $1 AND e.kind IN ('award.confirmed', 'deduction.recorded')
                 AND e.occurred_on BETWEEN $3 AND $4
                 AND NOT EXISTS (SELECT FROM reversals r WHERE r.community_id = e.community_id AND r.reversed_seq = e.seq)
               GROUP BY e.household_id
           ), earlier_months AS (
               SELECT s.household_id, sum(s.points)::bigint AS points FROM household_month_points s
               WHERE s.community_id = $1 AND s.month >= $5 AND s.month < $3
               GROUP BY s.household_id
           ), standing AS (
               SELECT h.household_id, coalesce(t.points, 0) AS month_points,
                      coalesce(t.points, 0) + coalesce(x.points, 0) AS year_points
               FROM households h
               LEFT JOIN this_month t ON t.household_id = h.household_id
               LEFT JOIN earlier_months x ON x.household_id = h.household_id
               WHERE h.community_id = $1 AND h.status = 'active'
           ), mine AS (SELECT month_points, year_points FROM standing WHERE household_id = $2)
           SELECT mine.month_points, 1 + count(*) FILTER (WHERE s.month_points > mine.month_points) AS month_rank,
                  mine.year_points, 1 + count(*) FILTER (WHERE s.year_points > mine.year_points) AS year_rank,
                  count(*) AS households
           FROM mine CROSS JOIN standing s GROUP BY mine.month_points, mine.year_points""",
        community_id,
        household_id,
        today.replace(day=1),
        today,
        today.replace(month=1, day=1),
    )


async def monthly_participation(
    db: Connectable, community_id: uuid.UUID, first: datetime.date, last: datetime.date
) -> list[asyncpg.Record]:
    """Per month from `first` to `last`: how many households earned points (a confirmed award
    that happened that month, not reversed). Counts only, from the covering index."""
    return await db.fetch(
        """SELECT date_trunc('month', e.occurred_on)::date AS month, count(DISTINCT e.household_id) AS households
           FROM events e
           WHERE e.community_id = $1 AND e.kind = 'award.confirmed' AND e.occurred_on BETWEEN $2 AND $3
             AND NOT EXISTS (SELECT FROM reversals r WHERE r.community_id = e.community_id AND r.reversed_seq = e.seq)
           GROUP BY 1 ORDER BY 1""",
        community_id,
        first,
        last,
    )


async def active_households(db: Connectable, community_id: uuid.UUID) -> int:
    count: int = await db.fetchval(
        "SELECT count(*) FROM households WHERE community_id = $1 AND status = 'active'", community_id
    )
    return count
