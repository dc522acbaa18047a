"""Year-end settlement from the command line (`ledger settle`): carry over or expire each
community's points by its policy. Idempotent: a year settled before answers as it did then."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger.store import queries, settlement


async def settle_year(
    pool: asyncpg.Pool, year: int, community_id: uuid.UUID | None = None
) -> list[tuple[uuid.UUID, dict[str, Any]]]:
    """Settle `year` in the one community, or in every community by name; each community's
    answer (year, policy, points expired, households, whether it was replayed)."""
    communities = [community_id] if community_id is not None else await queries.community_ids(pool)
    return [(each, await settle(pool, each, year)) for each in communities]


async def settle(pool: asyncpg.Pool, community_id: uuid.UUID, year: int) -> dict[str, Any]:
    return await settlement.settle(pool, community_id, year)
