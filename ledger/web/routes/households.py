"""The committee's households page: the roster (register, import .xls/.xlsx/.ods/CSV with a check-only
pass, export), and cards — tick households and print new ones (their old cards stop
working), A4 eight to a page as PDF."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect

from ledger import limits
from ledger.api import context
from ledger.documents.card_sheet import CardSheet
from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.messages import words
from ledger.services import households as household_services
from ledger.services import roster
from ledger.store import queries
from ledger.store.queries import groups as group_reads
from ledger.web.notices import outcome_shown, see_outcome
from ledger.web.workbench import groups as groups_page
from ledger.web.workbench import people
from ledger.web.workbench_page import (
    Outcome,
    PageSession,
    checked,
    checked_form,
    open_page,
    refusal_message,
    row_import,
    workbench_page,
    workbook_download,
)


def _filter_id(request: Request, name: str) -> uuid.UUID | None:
    value = request.query_params.get(name) or None
    try:
        return None if value is None else uuid.UUID(value)
    except ValueError:
        raise Refused("validation_failed", "choose a group or grid") from None


async def _show(request: Request, session: PageSession, community_id: uuid.UUID, report: Any) -> str:
    """The roster, or only the households of a group or a grid (?group=…, ?grid=…)."""
    pool = context.pool(request)
    group, grid = _filter_id(request, "group"), _filter_id(request, "grid")
    rows = await queries.households(
        pool, community_id, limits.HOUSEHOLDS_LISTED_MAX, "", group_id=group, grid_id=grid
    )
    places = [dict(row) for row in await group_reads.groups(pool, community_id)]
    return groups_page.place_filter(
        str(community_id), places, "" if group is None else str(group), "" if grid is None else str(grid)
    ) + people.households(
        session.csrf_token,
        str(community_id),
        [dict(r) for r in rows],
        report,
        context.public_address(request),
    )


async def _act(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    pool, actor = context.pool(request), session.principal.user_id
    if form.get("action") == "import":
        return await row_import(
            request,
            session,
            community_id,
            form,
            roster.import_roster,
            lambda report: words(
                f"已导入：新登记 {report['households_registered']} 户，修改 {report['households_changed']} 户，"
                f"新增成员 {report['members_added']} 人，分组调整 {report['households_moved']} 户",
                f"Imported: {report['households_registered']} households registered, "
                f"{report['households_changed']} changed, {report['members_added']} members added, "
                f"{report['households_moved']} placed in a group",
            ),
        )
    command: commands.RegisterHousehold = checked(
        {"number": str(form.get("number", "")).strip(), "head_name": str(form.get("head_name", "")).strip()},
        commands.RegisterHousehold,
    )
    await household_services.register_household(pool, community_id, actor, command)
    return Outcome(
        words(
            f"已登记 {command.number} {command.head_name}",
            f"Registered {command.number} {command.head_name}",
        ),
        201,
    )


@post("/staff/{community_id:uuid}/households/cards", include_in_schema=False)
async def print_cards(community_id: FromPath[uuid.UUID], request: Request) -> Response[Any]:
    """Issue new cards for the ticked households, then send the browser to the sheet (a
    reload of the sheet downloads it again and issues nothing)."""
    session = await open_page(request, community_id, "households")
    if isinstance(session, Response):
        return session
    path = f"/staff/{community_id}/households"
    try:
        form = await checked_form(request, session)
        chosen: commands.CardSheet = checked(
            {"household_ids": [str(value) for value in form.getall("household_id", [])]}, commands.CardSheet
        )
        if form.get("replace_confirmed") != "yes":
            raise Refused("validation_failed", "tick the box that says the old cards stop working")
        printed = await household_services.issue_cards_to_print(
            context.pool(request),
            community_id,
            session.principal.user_id,
            chosen.household_ids,
            context.public_address(request),
            allow_loopback=form.get("allow_loopback") == "yes",
        )
    except Refused as refusal:
        message, status = refusal_message(refusal)
        return await see_outcome(request, path, session.csrf_token, Outcome(message, status))
    count = len(printed.cards)
    outcome = Outcome(
        words(f"已打印 {count} 张新卡", f"{count} new cards printed"), 201, CardSheet(printed).pdf()
    )
    return await see_outcome(request, path + "/cards", session.csrf_token, outcome)


@get("/staff/{community_id:uuid}/households/cards", include_in_schema=False)
async def printed_cards(community_id: FromPath[uuid.UUID], request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "households")
    if isinstance(session, Response):
        return session
    printed = await outcome_shown(request, session.csrf_token)
    if printed is None or not isinstance(printed.details, bytes):
        # An old link (kept a few minutes only): the cards were issued; print them anew.
        return Redirect(f"/staff/{community_id}/households", status_code=303)
    return Response(
        printed.details,
        media_type="application/pdf",
        headers={"Content-Disposition": 'inline; filename="cards.pdf"'},
    )


ROUTES = [
    *workbench_page("households", _show, _act, max_body=limits.ROSTER_FILE_BYTES_MAX + limits.FORM_BYTES_MAX),
    workbook_download("households", "roster.xlsx", roster.export_roster),
    print_cards,
    printed_cards,
]
