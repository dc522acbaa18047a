"""Communities: their names, time zones and chain heads, their local day, their settlements."""

from __future__ import annotations

import datetime
import uuid

import asyncpg

from ledger.store.types import Connectable


async def community(db: Connectable, community_id: uuid.UUID) -> asyncpg.Record | None:
    return await db.fetchrow(
        """SELECT c.community_id, c.name, c.time_zone, c.deduction_may_overdraw, h.head_seq, h.head_hash
           FROM communities c JOIN community_heads h USING (community_id) WHERE c.community_id = $1""",
        community_id,
    )


async def local_today(db: Connectable, community_id: uuid.UUID) -> datetime.date | None:
    """Today by the community's own calendar (None: no such community)."""
    return await db.fetchval(
        "SELECT (now() AT TIME ZONE time_zone)::date FROM communities WHERE community_id = $1", community_id
    )


async def community_names(db: Connectable, community_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    rows = await db.fetch(
        "SELECT community_id, name FROM communities WHERE community_id = any($1::uuid[])", community_ids
    )
    return {row["community_id"]: row["name"] for row in rows}


async def events_recorded(db: Connectable, community_id: uuid.UUID | None = None) -> int:
    """How many events the community's log holds by its head (every community's, when None)."""
    return await db.fetchval(
        "SELECT coalesce(sum(head_seq), 0)::bigint FROM community_heads WHERE $1::uuid IS NULL OR community_id = $1",
        community_id,
    )


async def community_ids(db: Connectable) -> list[uuid.UUID]:
    return [
        row["community_id"] for row in await db.fetch("SELECT community_id FROM communities ORDER BY name")
    ]


async def settlements(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT year, policy, households, points_expired, seq FROM settlements
           WHERE community_id = $1 ORDER BY year DESC""",
        community_id,
    )
