"""Activity per villager group (村民小组), for the group boards, the village screen and the
township's drill-down into a village (issue 13). A household counts in the group it belongs
to now (household_places); one not yet placed counts under no group (group_id NULL).
Reading only."""

from __future__ import annotations

import datetime
import uuid

import asyncpg

from ledger.domain.village_order import village_order
from ledger.store.types import Connectable


async def living_groups(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    """The community's active groups (not grids) in the village's order (第一, 第二 … by their
    numbers), each with its active households."""
    rows = await db.fetch(
        """SELECT c.group_id, c.name,
                  (SELECT count(*) FROM household_places p
                   JOIN households h ON h.community_id = p.community_id AND h.household_id = p.household_id
                   WHERE p.community_id = c.community_id AND p.group_id = c.group_id
                     AND h.status = 'active') AS households
           FROM community_groups c
           WHERE c.community_id = $1 AND c.kind = 'group' AND c.status = 'active'""",
        community_id,
    )
    return sorted(rows, key=lambda row: village_order(row["name"]))


async def unplaced_households(db: Connectable, community_id: uuid.UUID) -> int:
    """Active households that belong to no group yet."""
    count: int = await db.fetchval(
        """SELECT count(*) FROM households h
           WHERE h.community_id = $1 AND h.status = 'active'
             AND NOT EXISTS (SELECT FROM household_places p
                             WHERE p.community_id = h.community_id AND p.household_id = h.household_id)""",
        community_id,
    )
    return count


async def group_of(db: Connectable, community_id: uuid.UUID, group_id: uuid.UUID) -> asyncpg.Record | None:
    """A living group (not a grid) of the community, or None."""
    return await db.fetchrow(
        """SELECT group_id, name FROM community_groups
           WHERE community_id = $1 AND group_id = $2 AND kind = 'group' AND status = 'active'""",
        community_id,
        group_id,
    )


async def taking_part(
    db: Connectable, community_id: uuid.UUID, first: datetime.date, last: datetime.date
) -> list[asyncpg.Record]:
    """(group_id, month, households): the community's active households that took part each
    month from `first` to `last` (first days), by their group now. From the monthly summary
    kept with the append (household_month_activity, one row per household taking part), never
    a scan of the log."""
    return await db.fetch(
        """SELECT p.group_id, a.month, count(*) AS households
           FROM household_month_activity a
           JOIN households h ON h.community_id = a.community_id AND h.household_id = a.household_id
           LEFT JOIN household_places p ON p.community_id = a.community_id AND p.household_id = a.household_id
           WHERE a.community_id = $1 AND a.month BETWEEN $2 AND $3 AND h.status = 'active'
           GROUP BY p.group_id, a.month""",
        community_id,
        first,
        last,
    )


async def points(
    db: Connectable, community_id: uuid.UUID, first: datetime.date, last: datetime.date
) -> list[asyncpg.Record]:
    """(group_id, month, awarded, deducted, redeemed) per group and month from `first` to
    `last`: what community_month_activity counts for the whole village (confirmed awards'
    honour points, deductions' taken, redemptions' spent, by the entry's own date), net of
    reversed and cancelled entries, by the household's group now. No summary keeps these per
    group: one grouped statement over one village's entries of the months asked (a year is
    some 25,000 entries), read by the community's key, so on Citus it stays on its worker."""
    return await db.fetch(
        """SELECT p.group_id, date_trunc('month', e.occurred_on)::date AS month,
                  coalesce(sum(e.honour_delta) FILTER (WHERE e.kind = 'award.confirmed'), 0)::bigint AS awarded,
                  coalesce(-sum(e.honour_delta) FILTER (WHERE e.kind = 'deduction.recorded'), 0)::bigint AS deducted,
                  coalesce(-sum(e.spendable_delta) FILTER (WHERE e.kind = 'redemption.made'), 0)::bigint AS redeemed
           FROM events e
           LEFT JOIN household_places p ON p.community_id = e.community_id AND p.household_id = e.household_id
           WHERE e.community_id = $1 AND e.kind IN ('award.confirmed', 'deduction.recorded', 'redemption.made')
             AND e.occurred_on BETWEEN $2 AND $3
             AND NOT EXISTS (SELECT FROM reversals r WHERE r.community_id = e.community_id AND r.reversed_seq = e.seq)
           GROUP BY p.group_id, 2""",
        community_id,
        first,
        last,
    )
