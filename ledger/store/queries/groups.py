"""Groups and grids as the pages, the API and the rebuild check read them."""

from __future__ import annotations

import uuid

import asyncpg

from ledger import limits
from ledger.domain.village_order import village_order
from ledger.store.types import Connectable


async def all_groups(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        "SELECT group_id, kind, name, parent_id, status FROM community_groups WHERE community_id = $1",
        community_id,
    )


async def all_places(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        "SELECT household_id, group_id, grid_id, moved_seq FROM household_places WHERE community_id = $1",
        community_id,
    )


async def all_scorer_grids(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        "SELECT user_id, grid_id, assigned_seq FROM scorer_grids WHERE community_id = $1", community_id
    )


async def groups(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    """Every group and grid (groups first, then grids, each in the village's order: 第一, 第二 …), with how many active
    households each holds and the scorers who look after each grid."""
    rows = await db.fetch(
        """SELECT c.group_id, c.kind, c.name, c.parent_id, c.status,
                  (SELECT count(*) FROM household_places p
                   JOIN households h ON h.community_id = p.community_id AND h.household_id = p.household_id
                   WHERE p.community_id = c.community_id AND h.status = 'active'
                   AND (p.group_id = c.group_id OR p.grid_id = c.group_id)) AS households,
                  coalesce((SELECT array_agg(s.user_id ORDER BY s.user_id) FROM scorer_grids s
                            WHERE s.community_id = c.community_id AND s.grid_id = c.group_id), '{}') AS scorers
           FROM community_groups c WHERE c.community_id = $1
           ORDER BY c.kind = 'grid', c.status = 'retired', c.name LIMIT $2""",
        community_id,
        limits.GROUPS_PER_COMMUNITY_MAX,
    )
    return sorted(
        rows, key=lambda row: (row["kind"] == "grid", row["status"] == "retired", village_order(row["name"]))
    )


async def living_by_name(db: Connectable, community_id: uuid.UUID) -> dict[tuple[str, str], asyncpg.Record]:
    """The living groups and grids by (kind, name): how a sheet's columns find them."""
    rows = await db.fetch(
        """SELECT group_id, kind, name, parent_id FROM community_groups
           WHERE community_id = $1 AND status = 'active'""",
        community_id,
    )
    return {(row["kind"], row["name"]): row for row in rows}


async def grids_of_scorer(
    db: Connectable, community_id: uuid.UUID, user_id: uuid.UUID
) -> list[asyncpg.Record]:
    rows = await db.fetch(
        """SELECT c.group_id, c.name FROM scorer_grids s
           JOIN community_groups c ON c.community_id = s.community_id AND c.group_id = s.grid_id
           WHERE s.community_id = $1 AND s.user_id = $2""",
        community_id,
        user_id,
    )
    return sorted(rows, key=lambda row: village_order(row["name"]))


async def households_of_grids(
    db: Connectable, community_id: uuid.UUID, grid_ids: list[uuid.UUID]
) -> list[uuid.UUID]:
    """The active households placed in these grids, by number."""
    rows = await db.fetch(
        """SELECT h.household_id FROM household_places p
           JOIN households h ON h.community_id = p.community_id AND h.household_id = p.household_id
           WHERE p.community_id = $1 AND p.grid_id = any($2::uuid[]) AND h.status = 'active'
           ORDER BY h.number""",
        community_id,
        grid_ids,
    )
    return [row["household_id"] for row in rows]
