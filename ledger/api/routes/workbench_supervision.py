"""Workbench pages for the supervision committee: objections to rule on, the flags worth a
look, and reversals."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Response, get, post

from ledger.api import context
from ledger.api.web_pages import (
    PageSession,
    checked,
    checked_form,
    open_page,
    refusal_message,
    render,
)
from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.services import commands as services
from ledger.services import supervision
from ledger.store import publicity
from ledger.web import workbench

FLAG_DAYS = 90  # the supervision view looks back this far, as the API does by default


# ---- objections (supervision committee) ----------------------------------------------------


async def _objections_page(
    request: Request, session: PageSession, community_id: uuid.UUID, message: str = "", status: int = 200
) -> Response[str]:
    rows = [dict(r) for r in await publicity.open_objections(context.pool(request), community_id)]
    body = workbench.objection_list(session.csrf_token, rows)
    return render(session, community_id, workbench.PAGES["objections"][0], body, message, status)


@get("/staff/{community_id:uuid}/objections", include_in_schema=False)
async def objections(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "objections")
    if isinstance(session, Response):
        return session
    return await _objections_page(request, session, community_id)


@post("/staff/{community_id:uuid}/objections", include_in_schema=False)
async def rule_on_objection(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "objections")
    if isinstance(session, Response):
        return session
    try:
        form = await checked_form(request, session)
        ruling: commands.ObjectionDecision = checked(
            {"uphold": form.get("decision") == "uphold", "reason": str(form.get("reason", "")).strip()},
            commands.ObjectionDecision,
        )
        objection_id = checked(form.get("objection_id"), uuid.UUID)
        async with context.pool(request).acquire() as connection:
            answer = await publicity.decide_objection(
                connection,
                community_id,
                session.principal.user_id,
                objection_id,
                ruling.uphold,
                ruling.reason,
            )
    except Refused as refusal:
        return await _objections_page(request, session, community_id, *refusal_message(refusal))
    done = (
        "异议成立，该项加分不予确认 (upheld: the award is rejected)"
        if answer.get("award_rejected")
        else ("异议已记录 (upheld)" if ruling.uphold else "异议已驳回 (dismissed)")
    )
    return await _objections_page(request, session, community_id, done)


# ---- supervision view and reversals (supervision committee) --------------------------------


async def _supervision_page(
    request: Request, session: PageSession, community_id: uuid.UUID, message: str = "", status: int = 200
) -> Response[str]:
    flags = await supervision.flags(context.pool(request), community_id, FLAG_DAYS)
    body = workbench.supervision(session.csrf_token, flags)
    return render(session, community_id, workbench.PAGES["supervision"][0], body, message, status)


@get("/staff/{community_id:uuid}/supervision", include_in_schema=False)
async def supervision_view(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "supervision")
    if isinstance(session, Response):
        return session
    return await _supervision_page(request, session, community_id)


@post("/staff/{community_id:uuid}/supervision", include_in_schema=False)
async def reverse(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "supervision")
    if isinstance(session, Response):
        return session
    try:
        form = await checked_form(request, session)
        seq = str(form.get("event_seq", "")).strip()
        command: commands.Reverse = checked(
            {"event_seq": int(seq) if seq.isdigit() else seq, "reason": str(form.get("reason", "")).strip()},
            commands.Reverse,
        )
        answer = await services.reverse(
            context.pool(request), community_id, session.principal.user_id, command, None
        )
    except Refused as refusal:
        return await _supervision_page(request, session, community_id, *refusal_message(refusal))
    done = f"已冲正 #{command.event_seq}，冲正记录 #{answer['event_seq']} (reversed; the reversal is entry #{answer['event_seq']})"
    return await _supervision_page(request, session, community_id, done, 201)


ROUTES = [objections, rule_on_objection, supervision_view, reverse]
