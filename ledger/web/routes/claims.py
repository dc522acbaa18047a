"""The workbench page for residents' claims: the scorer of a grid decides its households'
claims, the committee every one (the supervision committee those of staff households)."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath

from ledger.api import context
from ledger.domain import commands
from ledger.domain.roles import Role
from ledger.messages import words
from ledger.services import claims
from ledger.store.queries import groups as group_reads
from ledger.web.routes.proposals import evidence_photo
from ledger.web.workbench.claims import claims_list
from ledger.web.workbench_page import Outcome, PageSession, checked, workbench_page


async def _show(request: Request, session: PageSession, community_id: uuid.UUID, _: Any) -> str:
    pool = context.pool(request)
    user_id = session.principal.user_id
    open_claims = await claims.open_claims(pool, community_id, user_id, session.roles)
    has_grids = bool(session.roles & {Role.COMMITTEE, Role.SUPERVISOR}) or bool(
        await group_reads.grids_of_scorer(pool, community_id, user_id)
    )
    return claims_list(session.csrf_token, str(community_id), [dict(c) for c in open_claims], has_grids)


async def _decide(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    decision: commands.Decide = checked(
        {"approve": form.get("decision") == "approve", "reason": str(form.get("reason", "")).strip() or None},
        commands.Decide,
    )
    proposal_id = checked(form.get("proposal_id"), uuid.UUID)
    decided = await claims.decide(
        context.pool(request), community_id, session.principal.user_id, session.roles, proposal_id, decision
    )
    if decision.approve:
        points = decided["points"]
        return Outcome(words(f"已通过，加 {points} 分", f"Approved: {points} points"))
    return Outcome(words("已驳回，村民会看到理由", "Rejected; the resident sees why"))


@get("/staff/{community_id:uuid}/claims/{proposal_id:uuid}/evidence", include_in_schema=False)
async def evidence(
    community_id: FromPath[uuid.UUID], proposal_id: FromPath[uuid.UUID], request: Request
) -> Response[Any]:
    return await evidence_photo(request, community_id, proposal_id, "claims")


ROUTES = [*workbench_page("claims", _show, _decide), evidence]
