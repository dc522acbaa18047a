"""The township's and county's charts for the officials who oversee them: a page per area
(/staff/activity/township/{id}, /staff/activity/county/{id}) and its numbers as .xlsx, and
the drill-down into one village's groups (/staff/activity/community/{id}, for that oversight
and the village's committee). Reading only; the same answers as GET /api/v1/townships/{id}/
activity and GET /api/v1/communities/{id}/activity."""

from __future__ import annotations

import re
import uuid
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath
from litestar.response import Redirect

from ledger.api import context
from ledger.api.parameters import MONTH_PATTERN
from ledger.api.problems import STATUS_OF_CODE
from ledger.documents import activity_sheet, group_activity_sheet
from ledger.documents.workbook import XLSX_MEDIA_TYPE, workbook_bytes
from ledger.domain.errors import Refused
from ledger.messages import catalog, words
from ledger.services import oversight, village_activity
from ledger.services.auth import Principal
from ledger.web import workbench
from ledger.web.routes.login import HTML, staff_session
from ledger.web.workbench import activity
from ledger.web.workbench import village_activity as village_page

_MONTH = re.compile(MONTH_PATTERN)
_KINDS = ("township", "county", "community")


async def _answer(request: Request, principal: Principal, kind: str, area_id: uuid.UUID) -> dict[str, Any]:
    """The area's activity for the session's official, or the Refused that stands instead."""
    if kind not in _KINDS:
        raise Refused("not_found", "no such township or county")
    first, last = request.query_params.get("from") or None, request.query_params.get("to") or None
    for month in (first, last):
        if month is not None and (len(month) > 7 or not _MONTH.match(month)):
            raise Refused("validation_failed", "month is YYYY-MM")
    start, end = oversight.months_asked(first, last)
    if kind == "community":
        return await village_activity.village_activity(context.pool(request), principal, area_id, start, end)
    return await oversight.area_activity(context.pool(request), principal, kind, area_id, start, end)


@get("/staff/activity/{kind:str}/{area_id:uuid}", include_in_schema=False)
async def charts_page(
    kind: FromPath[str], area_id: FromPath[uuid.UUID], request: Request
) -> Response[str] | Redirect:
    session = await staff_session(request)
    if isinstance(session, Redirect):
        return session
    title = (
        words("各村民小组图表", "Villager groups in charts")
        if kind == "community"
        else words("积分活动图表", "Activity in charts")
    )
    try:
        answer = await _answer(request, session.principal, kind, area_id)
    except Refused as refusal:
        body, message, status, area = "", catalog.refusal(refusal), STATUS_OF_CODE[refusal.code], ""
    else:
        path = f"/staff/activity/{kind}/{area_id}"
        if kind == "community":
            body, area = village_page.page(answer, path), answer["name"]
        else:
            body, area = activity.page(answer, path), answer["area"]["name"]
        message, status = "", 200
    page = workbench.page(
        title=title,
        community=area,
        community_id="",
        username=session.principal.username,
        roles=frozenset(),
        body=body,
        message=message,
        error=bool(message),
    )
    return Response(page, media_type=HTML, status_code=status)


@get("/staff/activity/{kind:str}/{area_id:uuid}/activity.xlsx", include_in_schema=False)
async def charts_sheet(kind: FromPath[str], area_id: FromPath[uuid.UUID], request: Request) -> Response[Any]:
    session = await staff_session(request)
    if isinstance(session, Redirect):
        return session
    try:
        answer = await _answer(request, session.principal, kind, area_id)
    except Refused as refusal:
        return Response(
            catalog.refusal(refusal),
            media_type="text/plain; charset=utf-8",
            status_code=STATUS_OF_CODE[refusal.code],
        )
    table, name = (
        (group_activity_sheet.groups(answer), "groups")
        if kind == "community"
        else (activity_sheet.activity(answer), "activity")
    )
    return Response(
        workbook_bytes(table),
        media_type=XLSX_MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{name}-{answer["from"]}-{answer["to"]}.xlsx"'
        },
    )


ROUTES = [charts_page, charts_sheet]
