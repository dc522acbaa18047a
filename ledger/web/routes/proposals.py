"""Workbench pages for proposals: a scorer proposes from a phone (ticked, typed or every
household, one photo for the batch); the committee approves or rejects whole batches."""

from __future__ import annotations

import re
import uuid
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath

from ledger import limits
from ledger.api import context
from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.messages import words
from ledger.services import images, proposals
from ledger.store import queries
from ledger.store.queries import groups as group_reads
from ledger.store.queries import proposals as proposal_reads
from ledger.web.forms import whole_number
from ledger.web.workbench import points
from ledger.web.workbench_page import Outcome, PageSession, checked, open_page, workbench_page

_NUMBER_SEPARATORS = re.compile(r"[\s,，、;；]+")


async def _active_households(request: Request, community_id: uuid.UUID) -> list[dict[str, Any]]:
    listed = await queries.households(context.pool(request), community_id, limits.HOUSEHOLDS_LISTED_MAX, "")
    return [dict(h) for h in listed if h["status"] == "active"]


async def _show_propose(request: Request, session: PageSession, community_id: uuid.UUID, _: Any) -> str:
    """A scorer who looks after grids sees their households and "all households of my
    grid" instead of every household (proposals outside the grids are refused)."""
    pool = context.pool(request)
    rules = [dict(r) for r in await queries.rules(pool, community_id) if r["status"] == "active"]
    today = await queries.local_today(pool, community_id)
    assert today is not None
    households = await _active_households(request, community_id)
    grids = [
        row["name"]
        for row in await group_reads.grids_of_scorer(pool, community_id, session.principal.user_id)
    ]
    if grids:
        mine = set(await proposals.households_of_my_grids(pool, community_id, session.principal.user_id))
        households = [h for h in households if h["household_id"] in mine]
    return points.propose_form(session.csrf_token, rules, households, today, grids)


async def _chosen_households(
    request: Request, session: PageSession, community_id: uuid.UUID, form: Any
) -> list[str]:
    """Ticked, typed by number, or every active household the proposer may propose for (the
    service leaves out those linked to them); each once."""
    chosen = [str(value) for value in form.getall("household_id", [])]
    if form.get("my_grid"):
        mine = await proposals.households_of_my_grids(
            context.pool(request), community_id, session.principal.user_id
        )
        chosen += [str(household_id) for household_id in mine]
    if form.get("everyone"):
        everyone = await proposals.households_to_propose_for(
            context.pool(request), community_id, session.principal.user_id
        )
        chosen += [str(household_id) for household_id in everyone]
    typed = [n for n in _NUMBER_SEPARATORS.split(str(form.get("numbers", ""))) if n]
    if len(typed) > limits.BATCH_HOUSEHOLDS_MAX:
        raise Refused(
            "validation_failed", "at most {limit} households at once", limit=limits.BATCH_HOUSEHOLDS_MAX
        )
    if typed:
        found = await queries.households_by_numbers(context.pool(request), community_id, typed)
        unknown = [n for n in typed if n not in found]
        if unknown:
            raise Refused(
                "not_found",
                "no household numbered {numbers}; nothing was proposed",
                numbers="、".join(unknown[:20]),
            )
        chosen += [str(found[n]) for n in typed]
    chosen = list(dict.fromkeys(chosen))
    if not 1 <= len(chosen) <= limits.BATCH_HOUSEHOLDS_MAX:
        raise Refused(
            "validation_failed",
            "choose 1 to {limit} households; {chosen} chosen",
            limit=limits.BATCH_HOUSEHOLDS_MAX,
            chosen=len(chosen),
        )
    return chosen


async def _propose(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    command: commands.Propose = checked(
        {
            "rule_id": form.get("rule_id"),
            "household_ids": await _chosen_households(request, session, community_id, form),
            "note": str(form.get("note", "")).strip() or None,
            "occurred_on": str(form.get("occurred_on", "")) or None,
        },
        commands.Propose,
    )
    photo = form.get("photo")
    image = images.clean_image(await photo.read()) if getattr(photo, "filename", None) else None
    answer = await proposals.propose(
        context.pool(request), community_id, session.principal.user_id, command, image
    )
    count = len(answer["proposal_ids"])
    return Outcome(
        words(f"已提交 {count} 户，等待审核", f"Proposed for {count} households; waiting for the committee"),
        201,
    )


async def _show_review(request: Request, session: PageSession, community_id: uuid.UUID, _: Any) -> str:
    batches = await proposal_reads.open_batches(
        context.pool(request), community_id, limits.BATCHES_LISTED_MAX
    )
    return points.review_list(session.csrf_token, str(community_id), [dict(b) for b in batches])


async def _decide(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    decision: commands.Decide = checked(
        {"approve": form.get("decision") == "approve", "reason": str(form.get("reason", "")).strip() or None},
        commands.Decide,
    )
    batch_id = checked(form.get("batch_id"), uuid.UUID)
    decided = await proposals.decide_batch(
        context.pool(request),
        community_id,
        session.principal.user_id,
        session.roles,
        batch_id,
        decision,
        shown=whole_number(form.get("households")),  # decide only what was on the screen
    )
    if decision.approve:
        return Outcome(words(f"已通过 {len(decided)} 户", f"Approved for {len(decided)} households"))
    return Outcome(words(f"已驳回 {len(decided)} 户", f"Rejected for {len(decided)} households"))


@get("/staff/{community_id:uuid}/proposals/{proposal_id:uuid}/evidence", include_in_schema=False)
async def evidence(
    community_id: FromPath[uuid.UUID], proposal_id: FromPath[uuid.UUID], request: Request
) -> Response[Any]:
    return await evidence_photo(request, community_id, proposal_id, "review")


async def evidence_photo(
    request: Request, community_id: uuid.UUID, proposal_id: uuid.UUID, page: str
) -> Response[Any]:
    """A proposal's or a claim's photo, for whoever may open the page that links it."""
    session = await open_page(request, community_id, page)
    if isinstance(session, Response):
        return session
    row = await proposal_reads.evidence(context.pool(request), community_id, proposal_id)
    if row is None:
        raise Refused("not_found", "this proposal has no evidence")
    return Response(row["content"], media_type=row["media_type"])


ROUTES = [
    *workbench_page(
        "propose", _show_propose, _propose, max_body=limits.IMAGE_BYTES_MAX + limits.FORM_BYTES_MAX
    ),
    *workbench_page("review", _show_review, _decide),
    evidence,
]
