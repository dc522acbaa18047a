"""Declaring the households linked to a staff member (their own, or related), which they
may then never act on."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

import msgspec
from litestar import Request, post
from litestar.params import FromPath

from ledger.api import context, examples
from ledger.api.guards import ACCESS, staff_of_community
from ledger.api.responses import answers
from ledger.api.schemas.people import Linked
from ledger.domain import roles
from ledger.services import links


class HouseholdLink(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    household_id: uuid.UUID
    kind: Literal["own", "related"]


async def _link(request: Request, community_id: uuid.UUID, user_id: uuid.UUID, data: HouseholdLink) -> Linked:
    linked = await links.link_household(
        context.pool(request),
        community_id,
        context.principal(request).user_id,
        user_id,
        data.household_id,
        data.kind,
    )
    return Linked(linked)


@post(
    "/api/v1/communities/{community_id:uuid}/my-households",
    responses=answers(404, with_body=True, not_found="no such household in this community (not_found)"),
    status_code=200,
    opt={ACCESS: staff_of_community, "roles": roles.DECLARE_OWN_LINKS},
    tags=["fairness"],
    summary="Declare my own or a related household (I may then never act on it)",
)
async def declare_own(
    community_id: FromPath[uuid.UUID],
    data: Annotated[HouseholdLink, examples.HOUSEHOLD_LINK],
    request: Request,
) -> Linked:
    return await _link(request, community_id, context.principal(request).user_id, data)


@post(
    "/api/v1/communities/{community_id:uuid}/staff/{user_id:uuid}/households",
    responses=answers(
        404, with_body=True, not_found="no such household or staff member in this community (not_found)"
    ),
    status_code=200,
    opt={ACCESS: staff_of_community, "roles": roles.DECLARE_LINKS_FOR_OTHERS},
    tags=["fairness"],
    summary="Record a staff member's own or related household",
)
async def declare_for(
    community_id: FromPath[uuid.UUID],
    user_id: FromPath[uuid.UUID],
    data: Annotated[HouseholdLink, examples.HOUSEHOLD_LINK],
    request: Request,
) -> Linked:
    return await _link(request, community_id, user_id, data)
