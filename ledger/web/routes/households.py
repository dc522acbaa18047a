"""The committee's households page: the roster (register, import .xlsx/CSV with a check-only
pass, export), and cards — tick households and print new ones (their old cards stop
working), A4 eight to a page as PDF."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Response, post

from ledger import limits
from ledger.api import context
from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.services import commands as services
from ledger.services import households as household_services
from ledger.services import roster
from ledger.store import queries
from ledger.web import workbench
from ledger.web.workbench import people
from ledger.web.workbench_page import (
    Outcome,
    PageSession,
    checked,
    checked_form,
    open_page,
    refusal_message,
    render,
    sheet_import,
    workbench_page,
    workbook_download,
)


async def _show(request: Request, session: PageSession, community_id: uuid.UUID, report: Any) -> str:
    rows = await queries.households(context.pool(request), community_id, limits.HOUSEHOLDS_LISTED_MAX, "")
    return people.households(session.csrf_token, str(community_id), [dict(r) for r in rows], report)


async def _act(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    pool, actor = context.pool(request), session.principal.user_id
    if form.get("action") == "import":

        async def run(content: bytes, dry_run: bool) -> dict[str, Any]:
            return (await roster.import_roster(pool, community_id, actor, content, dry_run)).as_dict()

        return await sheet_import(
            form,
            run,
            lambda report: (
                f"已导入：新登记 {report['households_registered']} 户，修改 {report['households_changed']} 户，"
                f"新增成员 {report['members_added']} (imported)"
            ),
        )
    command: commands.RegisterHousehold = checked(
        {"number": str(form.get("number", "")).strip(), "head_name": str(form.get("head_name", "")).strip()},
        commands.RegisterHousehold,
    )
    await services.register_household(pool, community_id, actor, command)
    return Outcome(f"已登记 {command.number} {command.head_name} (registered)", 201)


@post("/staff/{community_id:uuid}/households/cards", include_in_schema=False)
async def card_sheet(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "households")
    if isinstance(session, Response):
        return session
    try:
        form = await checked_form(request, session)
        chosen: commands.CardSheet = checked(
            {"household_ids": [str(value) for value in form.getall("household_id", [])]}, commands.CardSheet
        )
        sheet = await household_services.card_sheet(
            context.pool(request),
            community_id,
            session.principal.user_id,
            chosen.household_ids,
            str(request.base_url),
        )
    except Refused as refusal:
        body = workbench.message_only("请勾选要打印的户 (tick the households to print)")
        return render(
            session, community_id, workbench.PAGES["households"][0], body, *refusal_message(refusal)
        )
    return Response(
        sheet.pdf(),
        media_type="application/pdf",
        headers={"Content-Disposition": 'inline; filename="cards.pdf"'},
    )


ROUTES = [
    *workbench_page("households", _show, _act, max_body=limits.ROSTER_FILE_BYTES_MAX + limits.FORM_BYTES_MAX),
    workbook_download("households", "roster.xlsx", roster.export_roster),
    card_sheet,
]
