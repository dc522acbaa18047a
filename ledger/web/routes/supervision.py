"""Workbench pages for the supervision committee: objections to rule on, the flags worth a
look, and reversals."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request

from ledger.api import context
from ledger.domain import commands
from ledger.messages import words
from ledger.services import objections, supervision
from ledger.web.workbench import points
from ledger.web.workbench_page import Outcome, PageSession, checked, workbench_page

FLAG_DAYS = 90  # the supervision view looks back this far, as the API does by default


async def _show_objections(request: Request, session: PageSession, community_id: uuid.UUID, _: Any) -> str:
    awards = await objections.open_by_award(context.pool(request), community_id)
    return points.objections_by_award(session.csrf_token, awards)


async def _rule_on_objection(
    request: Request, session: PageSession, community_id: uuid.UUID, form: Any
) -> Outcome:
    ruling: commands.ObjectionDecision = checked(
        {"uphold": form.get("decision") == "uphold", "reason": str(form.get("reason", "")).strip()},
        commands.ObjectionDecision,
    )
    objection_id = checked(form.get("objection_id"), uuid.UUID)
    answer = await objections.decide(
        context.pool(request),
        community_id,
        session.principal.user_id,
        objection_id,
        ruling.uphold,
        ruling.reason,
    )
    if answer.get("award_rejected"):
        return Outcome(words("异议成立，该项加分不予确认", "Upheld: the award is rejected"))
    if ruling.uphold:
        return Outcome(words("异议成立，已记录", "Upheld, and recorded"))
    return Outcome(words("异议已驳回", "Dismissed"))


async def _show_supervision(request: Request, session: PageSession, community_id: uuid.UUID, _: Any) -> str:
    flags = await supervision.flags(context.pool(request), community_id, FLAG_DAYS)
    return points.supervision(str(community_id), flags)


ROUTES = [
    *workbench_page("objections", _show_objections, _rule_on_objection),
    *workbench_page("supervision", _show_supervision),
]
