"""Workbench pages for proposals: a scorer proposes from a phone (ticked, typed or every
household, one photo for the batch); the committee approves or rejects whole batches."""

from __future__ import annotations

import re
import uuid
from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile

from ledger import limits
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
from ledger.services import images
from ledger.store import proposals, queries
from ledger.web import workbench

_NUMBER_SEPARATORS = re.compile(r"[\s,，、;；]+")


# ---- propose (scorers, committee) --------------------------------------------------------


async def _propose_page(
    request: Request, session: PageSession, community_id: uuid.UUID, message: str = "", status: int = 200
) -> Response[str]:
    pool = context.pool(request)
    rules = [dict(r) for r in await queries.rules(pool, community_id) if r["status"] == "active"]
    households = [
        dict(h)
        for h in await queries.households(pool, community_id, limits.HOUSEHOLDS_LISTED_MAX, "")
        if h["status"] == "active"
    ]
    today = await queries.local_today(pool, community_id)
    assert today is not None
    body = workbench.propose_form(session.csrf_token, rules, households, today)
    return render(session, community_id, workbench.PAGES["propose"][0], body, message, status)


@get("/staff/{community_id:uuid}/propose", include_in_schema=False)
async def propose_form(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "propose")
    if isinstance(session, Response):
        return session
    return await _propose_page(request, session, community_id)


@post(
    "/staff/{community_id:uuid}/propose",
    include_in_schema=False,
    request_max_body_size=limits.IMAGE_BYTES_MAX + limits.FORM_BYTES_MAX,
)
async def propose(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "propose")
    if isinstance(session, Response):
        return session
    pool = context.pool(request)
    try:
        form = await checked_form(request, session)
        chosen = [str(value) for value in form.getall("household_id", [])]
        if form.get("everyone"):
            listed = await queries.households(pool, community_id, limits.HOUSEHOLDS_LISTED_MAX, "")
            chosen += [str(h["household_id"]) for h in listed if h["status"] == "active"]
        typed = [n for n in _NUMBER_SEPARATORS.split(str(form.get("numbers", ""))) if n]
        if typed:
            found = await queries.households_by_numbers(pool, community_id, typed)
            unknown = [n for n in typed if n not in found]
            if unknown:
                raise Refused(
                    "not_found", f"no household numbered {'、'.join(unknown[:20])}; nothing was proposed"
                )
            chosen += [str(found[n]) for n in typed]
        chosen = list(dict.fromkeys(chosen))
        if not 1 <= len(chosen) <= limits.BATCH_HOUSEHOLDS_MAX:
            raise Refused(
                "validation_failed",
                f"请选择 1 至 {limits.BATCH_HOUSEHOLDS_MAX} 户 (choose 1 to {limits.BATCH_HOUSEHOLDS_MAX} "
                f"households; {len(chosen)} chosen)",
            )
        command: commands.Propose = checked(
            {
                "rule_id": form.get("rule_id"),
                "household_ids": chosen,
                "note": str(form.get("note", "")).strip() or None,
                "occurred_on": str(form.get("occurred_on", "")) or None,
            },
            commands.Propose,
        )
        photo = form.get("photo")
        image = None
        if isinstance(photo, UploadFile) and photo.filename:
            image = images.clean_image(await photo.read())
        async with pool.acquire() as connection, connection.transaction():
            answer = await proposals.propose(
                connection,
                community_id,
                session.principal.user_id,
                command.rule_id,
                command.household_ids,
                None,
                command.note,
                command.occurred_on,
            )
            if image is not None:  # the proposals and their photo stand or fall together
                await proposals.attach_evidence(
                    connection,
                    community_id,
                    session.principal.user_id,
                    [uuid.UUID(p) for p in answer["proposal_ids"]],
                    uuid.uuid4(),
                    image,
                )
    except Refused as refusal:
        return await _propose_page(request, session, community_id, *refusal_message(refusal))
    done = f"已提交 {len(answer['proposal_ids'])} 户，等待审核 (proposed for {len(answer['proposal_ids'])} households; waiting for the committee)"
    return await _propose_page(request, session, community_id, done, 201)


# ---- review (committee; supervisors for staff households) ----------------------------------


async def _review_page(
    request: Request, session: PageSession, community_id: uuid.UUID, message: str = "", status: int = 200
) -> Response[str]:
    rows = await proposals.proposals(context.pool(request), community_id, "proposed", limits.PAGE_SIZE_MAX)
    batches: dict[uuid.UUID, dict[str, Any]] = {}
    for row in rows:
        batch = batches.setdefault(
            row["batch_id"],
            {
                **{k: row[k] for k in ("batch_id", "rule_code", "rule_name", "points", "note", "proposer")},
                "occurred_on": row["occurred_on"],
                "needs_evidence": row["needs_evidence"],
                "has_evidence": row["has_evidence"],
                "first_proposal": row["proposal_id"],
                "numbers": [],
            },
        )
        batch["numbers"].append(row["number"])
    body = workbench.review_list(session.csrf_token, str(community_id), list(batches.values()))
    return render(session, community_id, workbench.PAGES["review"][0], body, message, status)


@get("/staff/{community_id:uuid}/review", include_in_schema=False)
async def review(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "review")
    if isinstance(session, Response):
        return session
    return await _review_page(request, session, community_id)


@post("/staff/{community_id:uuid}/review", include_in_schema=False)
async def decide(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "review")
    if isinstance(session, Response):
        return session
    pool = context.pool(request)
    try:
        form = await checked_form(request, session)
        decision: commands.Decide = checked(
            {
                "approve": form.get("decision") == "approve",
                "reason": str(form.get("reason", "")).strip() or None,
            },
            commands.Decide,
        )
        batch_id = checked(form.get("batch_id"), uuid.UUID)
        members = await proposals.batch_members(pool, community_id, batch_id)
        if not members:
            raise Refused("not_found", "no open proposals in that batch")
        async with pool.acquire() as connection:
            decided = await proposals.decide(
                connection,
                community_id,
                session.principal.user_id,
                members,
                decision.approve,
                decision.reason,
                session.roles,
            )
    except Refused as refusal:
        return await _review_page(request, session, community_id, *refusal_message(refusal))
    done = (
        f"已通过 {len(decided)} 户 (approved for {len(decided)} households)"
        if decision.approve
        else f"已驳回 {len(decided)} 户 (rejected for {len(decided)} households)"
    )
    return await _review_page(request, session, community_id, done)


@get("/staff/{community_id:uuid}/proposals/{proposal_id:uuid}/evidence", include_in_schema=False)
async def evidence(community_id: uuid.UUID, proposal_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "review")
    if isinstance(session, Response):
        return session
    row = await proposals.evidence(context.pool(request), community_id, proposal_id)
    if row is None:
        raise Refused("not_found", "this proposal has no evidence")
    return Response(row["content"], media_type=row["media_type"])


ROUTES = [propose_form, propose, review, decide, evidence]
