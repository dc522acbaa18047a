"""Granting an honour (文明家庭, 道德模范): the fairness rules first, then the honour and its
bonus through publicity — the same for the API and the committee's page."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger.domain import commands
from ledger.store import fairness, honours


async def grant(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID,
    roles: frozenset[str],
    command: commands.GrantHonour,
) -> dict[str, Any]:
    await fairness.refuse_if_linked(pool, community_id, actor_id, [command.household_id])
    await fairness.refuse_unless_theirs_to_award(pool, community_id, [command.household_id], roles)
    async with pool.acquire() as connection:
        answer = await honours.grant(
            connection,
            community_id,
            actor_id,
            command.household_id,
            command.title,
            command.year,
            command.note,
        )
    answer["award"].pop("replayed", None)
    return answer
