"""Groups and grids as the committee keeps them (村民小组, 网格 / 楼栋): create, rename,
retire, place a household, give a scorer grids to look after. Each is one transaction in
ledger.store.groups, its rules checked there under the head lock."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.store import groups as store


async def create_group(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID | None, command: commands.CreateGroup
) -> uuid.UUID:
    group_id = uuid.uuid4()
    async with pool.acquire() as connection:
        await store.create_group(
            connection,
            community_id,
            actor_id,
            group_id,
            command.kind,
            command.name.strip(),
            command.parent_id,
        )
    return group_id


async def change_group(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    group_id: uuid.UUID,
    command: commands.ChangeGroup,
) -> bool:
    """Rename, or retire; both at once is refused (a retired group keeps its last name)."""
    if (command.name is None) == (command.status is None):
        raise Refused("validation_failed", "give either a new name or the status retired")
    async with pool.acquire() as connection:
        if command.name is not None:
            return await store.rename_group(
                connection, community_id, actor_id, group_id, command.name.strip()
            )
        return await store.retire_group(connection, community_id, actor_id, group_id)


async def move_household(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID | None, command: commands.MoveHousehold
) -> bool:
    async with pool.acquire() as connection:
        return await store.move_household(
            connection, community_id, actor_id, command.household_id, command.group_id, command.grid_id
        )


async def assign_grid(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    grid_id: uuid.UUID,
    user_id: uuid.UUID,
    assigned: bool = True,
) -> bool:
    """Give the scorer the grid (or, `assigned` false, take it back)."""
    async with pool.acquire() as connection:
        return await store.assign_grid(connection, community_id, actor_id, user_id, grid_id, assigned)
