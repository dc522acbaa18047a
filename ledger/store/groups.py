"""Groups and grids (村民小组, 网格 / 楼栋), where households belong and which grids each
scorer looks after: each change an event, its projection written in the same transaction,
under the head lock (schema/0023_groups_and_grids.sql)."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.store.households import existing_household
from ledger.store.record import append, insert_or_refuse, lock_head
from ledger.store.types import Connection

NAME_TAKEN = "the name {name} is already taken in this community"


async def _existing_group(
    connection: Connection, community_id: uuid.UUID, group_id: uuid.UUID
) -> asyncpg.Record:
    row = await connection.fetchrow(
        """SELECT group_id, kind, name, parent_id, status FROM community_groups
           WHERE community_id = $1 AND group_id = $2""",
        community_id,
        group_id,
    )
    if row is None:
        raise Refused("not_found", "no such group or grid in this community")
    return row


def _living(row: asyncpg.Record, kind: str) -> None:
    """The refusal when `row` is not a living group (or grid) of that kind."""
    if row["kind"] != kind and kind == "group":
        raise Refused("validation_failed", "{name} is a grid, not a group", name=row["name"])
    if row["kind"] != kind:
        raise Refused("validation_failed", "{name} is a group, not a grid", name=row["name"])
    if row["status"] != "active":
        raise Refused("group_retired", "{name} is retired", name=row["name"])


async def create_group(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    group_id: uuid.UUID,
    kind: str,
    name: str,
    parent_id: uuid.UUID | None,
) -> int:
    """A group, or a grid (within the group `parent_id`, if given)."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        if parent_id is not None:
            if kind != "grid":
                raise Refused("validation_failed", "only a grid lies within a group")
            _living(await _existing_group(connection, community_id, parent_id), "group")
        event = await append(
            connection,
            community_id,
            kinds.GROUP_CREATED,
            actor_id,
            {
                "group_id": str(group_id),
                "kind": kind,
                "name": name,
                "parent_id": None if parent_id is None else str(parent_id),
            },
        )
        await insert_or_refuse(
            connection,
            """INSERT INTO community_groups (community_id, group_id, kind, name, parent_id)
               VALUES ($1, $2, $3, $4, $5)""",
            (community_id, group_id, kind, name, parent_id),
            NAME_TAKEN,
            name=name,
        )
        return int(event["seq"])


async def rename_group(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    group_id: uuid.UUID,
    name: str,
) -> bool:
    """False when it already has that name (nothing appended)."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        current = await _existing_group(connection, community_id, group_id)
        if current["status"] != "active":
            raise Refused("group_retired", "{name} is retired", name=current["name"])
        if current["name"] == name:
            return False
        await append(
            connection,
            community_id,
            kinds.GROUP_RENAMED,
            actor_id,
            {"group_id": str(group_id), "name": name, "previous_name": current["name"]},
        )
        await insert_or_refuse(
            connection,
            "UPDATE community_groups SET name = $3 WHERE community_id = $1 AND group_id = $2",
            (community_id, group_id, name),
            NAME_TAKEN,
            name=name,
        )
        return True


async def retire_group(
    connection: Connection, community_id: uuid.UUID, actor_id: uuid.UUID | None, group_id: uuid.UUID
) -> bool:
    """Retire an empty group or grid; False when it was retired already. One still holding
    active households (or, for a group, living grids) is refused: they would belong nowhere."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        current = await _existing_group(connection, community_id, group_id)
        if current["status"] == "retired":
            return False
        # Households that moved out or closed keep their last place, and hold nothing back.
        households = await connection.fetchval(
            """SELECT count(*) FROM household_places p
               JOIN households h ON h.community_id = p.community_id AND h.household_id = p.household_id
               WHERE p.community_id = $1 AND (p.group_id = $2 OR p.grid_id = $2) AND h.status = 'active'""",
            community_id,
            group_id,
        )
        grids = await connection.fetchval(
            """SELECT count(*) FROM community_groups
               WHERE community_id = $1 AND parent_id = $2 AND status = 'active'""",
            community_id,
            group_id,
        )
        if households or grids:
            raise Refused(
                "group_in_use",
                "{name} still holds {households} households and {grids} grids; move them first",
                name=current["name"],
                households=households,
                grids=grids,
            )
        await append(connection, community_id, kinds.GROUP_RETIRED, actor_id, {"group_id": str(group_id)})
        await connection.execute(
            "UPDATE community_groups SET status = 'retired' WHERE community_id = $1 AND group_id = $2",
            community_id,
            group_id,
        )
        # A retired grid is nobody's to look after any more.
        await connection.execute(
            "DELETE FROM scorer_grids WHERE community_id = $1 AND grid_id = $2", community_id, group_id
        )
        return True


async def move_household(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    household_id: uuid.UUID,
    group_id: uuid.UUID,
    grid_id: uuid.UUID | None,
) -> bool:
    """Place the household in a group and, optionally, one of its grids; False when it is
    there already (nothing appended)."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        household = await existing_household(connection, community_id, household_id)
        if household["status"] != "active":
            raise Refused("household_closed", "the household has moved out or closed")
        group = await _existing_group(connection, community_id, group_id)
        _living(group, "group")
        if grid_id is not None:
            grid = await _existing_group(connection, community_id, grid_id)
            _living(grid, "grid")
            if grid["parent_id"] is not None and grid["parent_id"] != group_id:
                raise Refused(
                    "grid_outside_group",
                    "grid {grid} lies within another group, not {group}",
                    grid=grid["name"],
                    group=group["name"],
                )
        current = await connection.fetchrow(
            "SELECT group_id, grid_id FROM household_places WHERE community_id = $1 AND household_id = $2",
            community_id,
            household_id,
        )
        if current is not None and (current["group_id"], current["grid_id"]) == (group_id, grid_id):
            return False
        event = await append(
            connection,
            community_id,
            kinds.HOUSEHOLD_MOVED,
            actor_id,
            {
                "group_id": str(group_id),
                "grid_id": None if grid_id is None else str(grid_id),
                "previous_group_id": None if current is None else str(current["group_id"]),
                "previous_grid_id": None
                if current is None or current["grid_id"] is None
                else str(current["grid_id"]),
            },
            household_id=household_id,
        )
        await connection.execute(
            """INSERT INTO household_places (community_id, household_id, group_id, grid_id, moved_seq)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (community_id, household_id)
               DO UPDATE SET group_id = excluded.group_id, grid_id = excluded.grid_id, moved_seq = excluded.moved_seq""",
            community_id,
            household_id,
            group_id,
            grid_id,
            event["seq"],
        )
        return True


async def assign_grid(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    user_id: uuid.UUID,
    grid_id: uuid.UUID,
    assigned: bool,
) -> bool:
    """Give a scorer a grid to look after (`assigned`) or take it back; False when it was so
    already (nothing appended)."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        grid = await _existing_group(connection, community_id, grid_id)
        holds = await connection.fetchval(
            "SELECT true FROM scorer_grids WHERE community_id = $1 AND user_id = $2 AND grid_id = $3",
            community_id,
            user_id,
            grid_id,
        )
        if assigned:
            _living(grid, "grid")
            if not await connection.fetchval(
                "SELECT true FROM staff_roles WHERE community_id = $1 AND user_id = $2 AND role = 'scorer'",
                community_id,
                user_id,
            ):
                raise Refused("not_a_scorer", "grids are assigned to this community's scorers only")
        if bool(holds) == assigned:
            return False
        event = await append(
            connection,
            community_id,
            kinds.GRID_ASSIGNED if assigned else kinds.GRID_UNASSIGNED,
            actor_id,
            {"user_id": str(user_id), "grid_id": str(grid_id)},
        )
        if assigned:
            await connection.execute(
                "INSERT INTO scorer_grids (community_id, user_id, grid_id, assigned_seq) VALUES ($1, $2, $3, $4)",
                community_id,
                user_id,
                grid_id,
                event["seq"],
            )
        else:
            await connection.execute(
                "DELETE FROM scorer_grids WHERE community_id = $1 AND user_id = $2 AND grid_id = $3",
                community_id,
                user_id,
                grid_id,
            )
        return True
