"""A community's staff, as its admin runs them."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Request, delete, get, post
from litestar.params import FromPath

from ledger.api import context, examples
from ledger.api.guards import ACCESS, staff_of_community
from ledger.api.responses import answers
from ledger.api.schemas import Created
from ledger.api.schemas.people import StaffMember
from ledger.domain import roles
from ledger.services import staff
from ledger.store.queries import staff as staff_reads


class StaffController(Controller):
    path = "/api/v1/communities/{community_id:uuid}/staff"
    opt = {ACCESS: staff_of_community, "roles": roles.MANAGE_STAFF}
    tags = ["staff"]

    @get("/", responses=answers(404), summary="The community's staff and their roles")
    async def list_staff(self, community_id: FromPath[uuid.UUID], request: Request) -> list[StaffMember]:
        return [
            StaffMember(
                id=row["user_id"],
                username=row["username"],
                display_name=row["display_name"],
                disabled=row["disabled"],
                roles=list(row["roles"]),
            )
            for row in await staff_reads.staff_of_community(context.pool(request), community_id)
        ]

    @post(
        "/",
        responses=answers(404, 409, with_body=True, conflict="the username is taken (already_exists)"),
        summary="Create a staff account with roles in this community",
    )
    async def create(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[staff.NewStaff, examples.NEW_STAFF],
        request: Request,
    ) -> Created:
        actor = context.principal(request).user_id
        return Created(await staff.create_staff(context.pool(request), community_id, actor, data))

    @post(
        "/{user_id:uuid}/roles",
        responses=answers(
            404, with_body=True, not_found="no such staff member in this community (not_found)"
        ),
        summary="Grant a role in this community",
    )
    async def grant(
        self,
        community_id: FromPath[uuid.UUID],
        user_id: FromPath[uuid.UUID],
        data: Annotated[staff.RoleGrant, examples.ROLE_GRANT],
        request: Request,
    ) -> None:
        await staff.grant(
            context.pool(request), community_id, context.principal(request).user_id, user_id, data.role
        )

    @delete(
        "/{user_id:uuid}/roles/{role:str}",
        responses=answers(404, not_found="no such staff member or role in this community (not_found)"),
        summary="Revoke a role in this community",
    )
    async def revoke(
        self,
        community_id: FromPath[uuid.UUID],
        user_id: FromPath[uuid.UUID],
        role: FromPath[str],
        request: Request,
    ) -> None:
        await staff.revoke(
            context.pool(request), community_id, context.principal(request).user_id, user_id, role
        )

    @post(
        "/{user_id:uuid}/password",
        responses=answers(
            404, with_body=True, not_found="no such staff member in this community (not_found)"
        ),
        status_code=204,
        summary="Set a new password (ends their sessions)",
    )
    async def reset_password(
        self,
        community_id: FromPath[uuid.UUID],
        user_id: FromPath[uuid.UUID],
        data: Annotated[staff.PasswordReset, examples.PASSWORD_RESET],
        request: Request,
    ) -> None:
        principal = context.principal(request)
        await staff.reset_password(
            context.pool(request), community_id, principal.username, user_id, data.new_password
        )
