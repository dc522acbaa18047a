"""Staff members' own and related households (the fairness links): declared by the staff
member, or recorded for them by an admin. A linked household is one they may then never
act on; the refusal itself is checked where each command commits."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.domain.errors import Refused
from ledger.store import fairness, queries


async def link_household(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID,
    user_id: uuid.UUID,
    household_id: uuid.UUID,
    kind: str,
) -> bool:
    """Link the household to the staff member; False when it was linked so already. The store
    checks, under the community's head lock, that both the household and the staff member
    are this community's."""
    async with pool.acquire() as connection:
        return await fairness.link(connection, community_id, actor_id, user_id, household_id, kind)


async def declare_by_number(
    pool: asyncpg.Pool, community_id: uuid.UUID, user_id: uuid.UUID, number: str, kind: str
) -> bool:
    """A staff member declares a household, by its number, their own or related; False when
    declared so already. The number is read in the transaction that records the link."""
    async with pool.acquire() as connection, connection.transaction():
        household_id = await queries.household_by_number(connection, community_id, number)
        if household_id is None:
            raise Refused("not_found", "no household numbered {number}", number=number)
        return await fairness.link(connection, community_id, user_id, user_id, household_id, kind)
