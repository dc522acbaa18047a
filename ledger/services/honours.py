"""Granting an honour (文明家庭, 道德模范): the fairness rule first, then the honour and its
bonus through publicity — the same for the API and the committee's page."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger.domain import commands, fairness
from ledger.store import fairness as fairness_store
from ledger.store import honours, record


async def grant(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID,
    roles: frozenset[str],
    command: commands.GrantHonour,
) -> dict[str, Any]:
    """Fairness is asked after the head lock, in the transaction that records the honour and
    its bonus (the store's own transaction runs inside it)."""
    async with pool.acquire() as connection, connection.transaction():
        await record.lock_community(connection, community_id)
        touched = [command.household_id]
        links = await fairness_store.links(connection, community_id, actor_id, touched)
        fairness.refuse(fairness.Act.DECIDE, touched, links, roles)
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
