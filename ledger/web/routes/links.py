"""Every staff member's page for declaring their own and related households."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request

from ledger.api import context
from ledger.domain.errors import Refused
from ledger.messages import words
from ledger.store import fairness, queries
from ledger.web.workbench.links import KINDS, links_page
from ledger.web.workbench_page import Outcome, PageSession, workbench_page


async def _show(request: Request, session: PageSession, community_id: uuid.UUID, _: Any) -> str:
    links = await fairness.links_of(context.pool(request), community_id, session.principal.user_id)
    return links_page(session.csrf_token, [dict(link) for link in links])


async def _declare(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    kind, number = form.get("kind"), str(form.get("number", "")).strip()
    if kind not in KINDS:
        raise Refused("validation_failed", "own or related")
    pool = context.pool(request)
    household_id = await queries.household_by_number(pool, community_id, number)
    if household_id is None:
        raise Refused("not_found", "no household numbered {number}", number=number)
    async with pool.acquire() as connection:
        linked = await fairness.link(
            connection, community_id, session.principal.user_id, session.principal.user_id, household_id, kind
        )
    return Outcome(
        words(f"已申报 {number}", f"{number} declared")
        if linked
        else words(f"{number} 已申报过", f"{number} was already declared"),
        201 if linked else 200,
    )


ROUTES = workbench_page("links", _show, _declare)
