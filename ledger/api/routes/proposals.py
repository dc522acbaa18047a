"""Propose → approve, under /api/v1/communities/{community_id}/proposals: scorers propose,
committee members decide, never on their own proposals."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, Parameter

from ledger import limits
from ledger.api import context, examples
from ledger.api.guards import ACCESS, staff_of_community
from ledger.api.responses import answers, success_content
from ledger.api.schemas.proposals import (
    HonourGranted,
    Proposal,
    ProposalDecisions,
    Proposed,
    Settlement,
)
from ledger.domain import commands, roles
from ledger.domain.errors import Refused
from ledger.services import honours as honour_service
from ledger.services import images, proposals, settlement
from ledger.store.queries import proposals as proposal_reads


class ProposalsController(Controller):
    path = "/api/v1/communities/{community_id:uuid}/proposals"
    opt = {ACCESS: staff_of_community}
    tags = ["proposals"]

    @post(
        "/",
        responses=answers(
            404,
            409,
            with_body=True,
            forbidden="not a scorer or the committee, a household is linked to you (conflict_of_interest) "
            "or outside the grids you look after (outside_assigned_grid)",
            conflict="household_closed, rule_retired, yearly_cap_reached or evidence_required",
        ),
        opt={"roles": roles.PROPOSE},
        summary="Propose an award or deduction for up to 500 households at once",
    )
    async def propose(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.Propose, examples.PROPOSE],
        request: Request,
    ) -> Proposed:
        answer = await proposals.propose(
            context.pool(request), community_id, context.principal(request).user_id, data
        )
        return msgspec.convert(answer, Proposed)

    @get(
        "/",
        responses=answers(404),
        opt={"roles": roles.READ_COMMUNITY},
        summary="Proposals waiting for a decision (or decided ones)",
    )
    async def list_proposals(
        self,
        community_id: FromPath[uuid.UUID],
        request: Request,
        status: Annotated[str, Parameter(pattern="^(proposed|approved|rejected)$")] = "proposed",
        limit: Annotated[int, Parameter(ge=1, le=limits.PAGE_SIZE_MAX)] = limits.PAGE_SIZE_DEFAULT,
    ) -> list[Proposal]:
        rows = await proposal_reads.proposals(context.pool(request), community_id, status, limit)
        return [msgspec.convert(dict(row), Proposal) for row in rows]

    @post(
        "/{proposal_id:uuid}/evidence",
        responses=answers(
            404,
            409,
            with_body=True,
            invalid="not a photo that can be read (validation_failed)",
            conflict="the proposal is decided already (already_decided)",
        ),
        status_code=204,
        opt={"roles": roles.PROPOSE},
        request_max_body_size=limits.IMAGE_BYTES_MAX,
        summary="Add a photo as evidence (JPEG, PNG or WebP; re-encoded, EXIF dropped; its hash is chained)",
    )
    async def add_evidence(
        self, community_id: FromPath[uuid.UUID], proposal_id: FromPath[uuid.UUID], request: Request
    ) -> None:
        image = images.clean_image(await request.body())
        await proposals.attach_evidence(
            context.pool(request), community_id, context.principal(request).user_id, proposal_id, image
        )

    @get(
        "/{proposal_id:uuid}/evidence",
        operation_class=success_content("image/jpeg", "image/png", instead_of_json=True),
        responses=answers(404, not_found="no such proposal, or it has no evidence (not_found)"),
        opt={"roles": roles.READ_COMMUNITY},
        summary="The proposal's evidence photo",
    )
    async def get_evidence(
        self, community_id: FromPath[uuid.UUID], proposal_id: FromPath[uuid.UUID], request: Request
    ) -> Response[bytes]:
        row = await proposal_reads.evidence(context.pool(request), community_id, proposal_id)
        if row is None:
            raise Refused("not_found", "this proposal has no evidence")
        return Response(row["content"], media_type=row["media_type"])

    @post(
        "/{proposal_id:uuid}/decision",
        responses=answers(
            404,
            409,
            with_body=True,
            forbidden="not a decider, your own proposal (own_proposal), a household linked to you (conflict_of_interest) or the supervision committee's (needs_supervisor)",
            conflict="already_decided, household_closed, rule_retired or yearly_cap_reached",
        ),
        status_code=200,
        opt={"roles": roles.DECIDE_PROPOSALS},
        summary="Approve (the award is made) or reject a proposal",
    )
    async def decide(
        self,
        community_id: FromPath[uuid.UUID],
        proposal_id: FromPath[uuid.UUID],
        data: Annotated[commands.Decide, examples.DECIDE],
        request: Request,
    ) -> ProposalDecisions:
        principal = context.principal(request)
        decisions = await proposals.decide(
            context.pool(request),
            community_id,
            principal.user_id,
            principal.roles_in(community_id),
            [proposal_id],
            data,
        )
        return _decisions(decisions, data)

    @post(
        "/batches/{batch_id:uuid}/decision",
        responses=answers(
            404,
            409,
            with_body=True,
            forbidden="not a decider, your own proposals (own_proposal), a household linked to you (conflict_of_interest) or the supervision committee's (needs_supervisor)",
            conflict="already_decided, household_closed, rule_retired or yearly_cap_reached",
        ),
        status_code=200,
        opt={"roles": roles.DECIDE_PROPOSALS},
        summary="Approve or reject every open proposal of a batch, all or none",
    )
    async def decide_batch(
        self,
        community_id: FromPath[uuid.UUID],
        batch_id: FromPath[uuid.UUID],
        data: Annotated[commands.Decide, examples.DECIDE],
        request: Request,
    ) -> ProposalDecisions:
        principal = context.principal(request)
        decisions = await proposals.decide_batch(
            context.pool(request),
            community_id,
            principal.user_id,
            principal.roles_in(community_id),
            batch_id,
            data,
        )
        return _decisions(decisions, data)


def _decisions(decisions: list[dict[str, Any]], data: commands.Decide) -> ProposalDecisions:
    return msgspec.convert({"approved" if data.approve else "rejected": decisions}, ProposalDecisions)


@post(
    "/api/v1/communities/{community_id:uuid}/settlements",
    responses=answers(404, 409, with_body=True, conflict="the year is settled already (already_exists)"),
    status_code=200,
    opt={ACCESS: staff_of_community, "roles": roles.SETTLE},
    tags=["points"],
    summary="Year-end settlement by policy (carry over or expire); once per year",
)
async def settle(
    community_id: FromPath[uuid.UUID], data: Annotated[commands.Settle, examples.SETTLE], request: Request
) -> Settlement:
    answer = await settlement.settle(context.pool(request), community_id, data.year)
    return msgspec.convert(answer, Settlement)


@post(
    "/api/v1/communities/{community_id:uuid}/honours",
    responses=answers(
        404,
        409,
        with_body=True,
        forbidden="not the committee or the supervision committee, or the household is linked to you (conflict_of_interest) or needs the supervision committee (needs_supervisor)",
        conflict="household_closed or yearly_cap_reached",
    ),
    opt={ACCESS: staff_of_community, "roles": roles.DECIDE_PROPOSALS},
    tags=["points"],
    summary="Grant 文明家庭 or 道德模范: the honour is recorded and its bonus points go through publicity",
    description="The committee grants honours; to a staff member's own household, the supervision committee.",
)
async def grant_honour(
    community_id: FromPath[uuid.UUID],
    data: Annotated[commands.GrantHonour, examples.HONOUR],
    request: Request,
) -> HonourGranted:
    principal = context.principal(request)
    answer = await honour_service.grant(
        context.pool(request), community_id, principal.user_id, principal.roles_in(community_id), data
    )
    return msgspec.convert(answer, HonourGranted)
