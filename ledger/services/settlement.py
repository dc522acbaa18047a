"""Year-end settlement of one community by its policy (carry over or expire); a year settled
before answers as it did then."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger.store import settlement


async def settle(pool: asyncpg.Pool, community_id: uuid.UUID, year: int) -> dict[str, Any]:
    return await settlement.settle(pool, community_id, year)
