"""Groups and grids (村民小组, 网格 / 楼栋), under /api/v1/communities/{community_id}/groups:
the committee keeps them, places households in them and gives scorers their grids; every
staff role reads them."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Request, delete, get, patch, post
from litestar.params import FromPath

from ledger.api import context, examples
from ledger.api.guards import ACCESS, staff_of_community
from ledger.api.responses import answers
from ledger.api.schemas import Created
from ledger.api.schemas.groups import Group, group_answer
from ledger.api.schemas.people import Changed
from ledger.domain import commands, roles
from ledger.services import groups
from ledger.store.queries import groups as reads


def _actor(request: Request) -> uuid.UUID:
    return context.principal(request).user_id


class GroupsController(Controller):
    path = "/api/v1/communities/{community_id:uuid}/groups"
    opt = {ACCESS: staff_of_community}
    tags = ["groups"]

    @get(
        "/",
        responses=answers(404),
        opt={"roles": roles.READ_COMMUNITY},
        summary="The community's groups and grids, with their households and scorers",
    )
    async def list_groups(self, community_id: FromPath[uuid.UUID], request: Request) -> list[Group]:
        return [group_answer(row) for row in await reads.groups(context.pool(request), community_id)]

    @post(
        "/",
        responses=answers(
            404,
            409,
            with_body=True,
            not_found="no such community, or no such parent group (not_found)",
            conflict="the name is taken (already_exists) or the parent group is retired (group_retired)",
        ),
        opt={"roles": roles.KEEP_GROUPS},
        summary="Create a villager group, or a grid / building (optionally within a group)",
    )
    async def create_group(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.CreateGroup, examples.CREATE_GROUP],
        request: Request,
    ) -> Created:
        return Created(await groups.create_group(context.pool(request), community_id, _actor(request), data))

    @patch(
        "/{group_id:uuid}",
        responses=answers(
            404,
            409,
            with_body=True,
            not_found="no such group or grid in this community (not_found)",
            conflict="the name is taken (already_exists), it is retired (group_retired) "
            "or it still holds households or grids (group_in_use)",
        ),
        opt={"roles": roles.KEEP_GROUPS},
        summary="Rename a group or grid, or retire an empty one",
    )
    async def change_group(
        self,
        community_id: FromPath[uuid.UUID],
        group_id: FromPath[uuid.UUID],
        data: Annotated[commands.ChangeGroup, examples.CHANGE_GROUP],
        request: Request,
    ) -> Changed:
        return Changed(
            await groups.change_group(context.pool(request), community_id, _actor(request), group_id, data)
        )

    @post(
        "/moves",
        status_code=200,
        responses=answers(
            404,
            409,
            with_body=True,
            not_found="no such household, group or grid in this community (not_found)",
            conflict="the household is closed (household_closed), the group or grid is retired "
            "(group_retired) or the grid lies within another group (grid_outside_group)",
        ),
        opt={"roles": roles.KEEP_GROUPS},
        summary="Place a household in a group and, optionally, a grid",
    )
    async def move_household(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.MoveHousehold, examples.MOVE_HOUSEHOLD],
        request: Request,
    ) -> Changed:
        return Changed(
            await groups.move_household(context.pool(request), community_id, _actor(request), data)
        )

    @post(
        "/{group_id:uuid}/scorers",
        status_code=200,
        responses=answers(
            404,
            409,
            with_body=True,
            not_found="no such grid in this community (not_found)",
            conflict="the grid is retired (group_retired) or the staff member is not a scorer here (not_a_scorer)",
        ),
        opt={"roles": roles.KEEP_GROUPS},
        summary="Give a scorer a grid to look after (they then propose only for its households)",
    )
    async def assign_grid(
        self,
        community_id: FromPath[uuid.UUID],
        group_id: FromPath[uuid.UUID],
        data: Annotated[commands.AssignGrid, examples.ASSIGN_GRID],
        request: Request,
    ) -> Changed:
        return Changed(
            await groups.assign_grid(
                context.pool(request), community_id, _actor(request), group_id, data.user_id
            )
        )

    @delete(
        "/{group_id:uuid}/scorers/{user_id:uuid}",
        status_code=200,
        responses=answers(404, not_found="no such grid in this community (not_found)"),
        opt={"roles": roles.KEEP_GROUPS},
        summary="Take a grid back from a scorer",
    )
    async def unassign_grid(
        self,
        community_id: FromPath[uuid.UUID],
        group_id: FromPath[uuid.UUID],
        user_id: FromPath[uuid.UUID],
        request: Request,
    ) -> Changed:
        return Changed(
            await groups.assign_grid(
                context.pool(request), community_id, _actor(request), group_id, user_id, assigned=False
            )
        )
