"""Every staff member's page for declaring their own and related households."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request

from ledger.api import context
from ledger.domain.errors import Refused
from ledger.messages import words
from ledger.services import links
from ledger.store.queries import links as link_reads
from ledger.web.workbench.links import KINDS, links_page
from ledger.web.workbench_page import Outcome, PageSession, workbench_page


async def _show(request: Request, session: PageSession, community_id: uuid.UUID, _: Any) -> str:
    declared = await link_reads.declared_households(
        context.pool(request), community_id, session.principal.user_id
    )
    return links_page(session.csrf_token, [dict(link) for link in declared])


async def _declare(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    kind, number = form.get("kind"), str(form.get("number", "")).strip()
    if kind not in KINDS:
        raise Refused("validation_failed", "own or related")
    linked = await links.declare_by_number(
        context.pool(request), community_id, session.principal.user_id, number, kind
    )
    return Outcome(
        words(f"已申报 {number}", f"{number} declared")
        if linked
        else words(f"{number} 已申报过", f"{number} was already declared"),
        201 if linked else 200,
    )


ROUTES = workbench_page("links", _show, _declare)
