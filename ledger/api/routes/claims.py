"""Residents' own claims (村民申报) over JSON: a card's holder claims a claimable rule and adds
its photo (no log-in: the card is the key, as for the card page); the scorer of the
household's grid or the committee lists the open claims and decides each."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath

from ledger import limits
from ledger.api import context, examples
from ledger.api.guards import ACCESS, staff_of_community
from ledger.api.rate_limit import client_address
from ledger.api.responses import answers
from ledger.api.schemas.proposals import ClaimMade, OpenClaim, ProposalDecisions
from ledger.domain import commands, roles
from ledger.services import claims, images


@post(
    "/api/v1/cards/{token:str}/claims",
    responses=answers(
        404,
        409,
        429,
        signed_in=False,
        with_body=True,
        not_found="no such card, or it was revoked, or no such rule (not_found)",
        conflict="the rule is not open to residents' claims (rule_not_claimable) or retired (rule_retired), "
        "the card's claims of the day are used up (claim_limit_reached), the household has moved out "
        "(household_closed)",
        too_many="too many requests from this address (rate_limited)",
    ),
    tags=["residents"],
    summary="Claim, as the holder of a household's card, a rule the committee opened to residents (村民申报)",
)
async def claim_with_card(
    token: FromPath[str], data: Annotated[commands.Claim, examples.CLAIM], request: Request
) -> ClaimMade:
    context.card_limiter(request).check(client_address(request), "card look-ups")
    return msgspec.convert(await claims.claim(context.pool(request), token, data), ClaimMade)


@post(
    "/api/v1/cards/{token:str}/claims/{proposal_id:uuid}/evidence",
    responses=answers(
        404,
        409,
        429,
        signed_in=False,
        with_body=True,
        invalid="not a photo that can be read (validation_failed)",
        not_found="no such card, or no such claim of its household (not_found)",
        conflict="the claim is decided already (already_decided)",
        too_many="too many requests from this address (rate_limited)",
    ),
    status_code=204,
    request_max_body_size=limits.IMAGE_BYTES_MAX,
    tags=["residents"],
    summary="Add a photo to the card's own open claim (JPEG, PNG or WebP; re-encoded, EXIF dropped; its hash is chained)",
)
async def claim_evidence(token: FromPath[str], proposal_id: FromPath[uuid.UUID], request: Request) -> None:
    context.card_limiter(request).check(client_address(request), "card look-ups")
    image = images.clean_image(await request.body())
    await claims.attach_evidence(context.pool(request), token, proposal_id, image)


class ClaimsController(Controller):
    path = "/api/v1/communities/{community_id:uuid}/claims"
    opt = {ACCESS: staff_of_community}
    tags = ["proposals"]

    @get(
        "/",
        responses=answers(404),
        opt={"roles": roles.DECIDE_CLAIMS},
        summary="Residents' claims waiting for a decision that you may decide (a scorer: those of your grids)",
    )
    async def open_claims(self, community_id: FromPath[uuid.UUID], request: Request) -> list[OpenClaim]:
        principal = context.principal(request)
        rows = await claims.open_claims(
            context.pool(request), community_id, principal.user_id, principal.roles_in(community_id)
        )
        return [msgspec.convert(dict(row), OpenClaim) for row in rows]

    @post(
        "/{proposal_id:uuid}/decision",
        responses=answers(
            404,
            409,
            with_body=True,
            invalid="a rejection without its reason (validation_failed: the resident reads it)",
            forbidden="not the scorer of the household's grid nor the committee (outside_assigned_grid, "
            "committee_decides), a household linked to you (conflict_of_interest) or a staff member's "
            "(needs_supervisor)",
            conflict="already_decided, evidence_required, household_closed, rule_retired or yearly_cap_reached",
        ),
        status_code=200,
        opt={"roles": roles.DECIDE_CLAIMS},
        summary="Approve (the award is made, into publicity where it must) or reject a resident's claim",
    )
    async def decide(
        self,
        community_id: FromPath[uuid.UUID],
        proposal_id: FromPath[uuid.UUID],
        data: Annotated[commands.Decide, examples.DECIDE],
        request: Request,
    ) -> ProposalDecisions:
        principal = context.principal(request)
        decision = await claims.decide(
            context.pool(request),
            community_id,
            principal.user_id,
            principal.roles_in(community_id),
            proposal_id,
            data,
        )
        if not data.approve:
            decision.pop("award_seq", None)
            decision.pop("points", None)
        return msgspec.convert({"approved" if data.approve else "rejected": [decision]}, ProposalDecisions)
