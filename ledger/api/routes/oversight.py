"""The township's and county's view (read-only, for whoever holds its oversight): each
village's activity month by month, ranked by participation, as JSON or one .xlsx sheet; and
one village's groups month by month, for that oversight and the village's committee."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import Request, Response, get
from litestar.params import FromPath, QueryParameter

from ledger.api import context
from ledger.api.guards import ACCESS, logged_in
from ledger.api.parameters import MONTH_PATTERN
from ledger.api.responses import answers, success_content
from ledger.api.schemas.oversight import AreaActivity, VillageGroupsActivity
from ledger.api.sheet_imports import sheet_download
from ledger.documents import activity_sheet, group_activity_sheet
from ledger.documents.workbook import XLSX_MEDIA_TYPE
from ledger.services import oversight, village_activity

FirstMonth = Annotated[
    str | None,
    QueryParameter(
        name="from", pattern=MONTH_PATTERN, description="YYYY-MM; by default eleven months before `to`"
    ),
]
LastMonth = Annotated[
    str | None, QueryParameter(name="to", pattern=MONTH_PATTERN, description="YYYY-MM; by default this month")
]
Format = Annotated[str, QueryParameter(pattern="^(json|xlsx)$", description="json, or xlsx for one sheet")]

_ANSWERS = answers(
    404,
    forbidden="you do not hold this township's or county's oversight (forbidden)",
    not_found="no such township or county (not_found)",
    invalid="a month is not YYYY-MM, `from` comes after `to`, or more than 36 months (validation_failed)",
)


async def _answer(
    request: Request, kind: str, area_id: uuid.UUID, first: str | None, last: str | None, format: str
) -> Response[AreaActivity]:
    principal = context.principal(request)
    start, end = oversight.months_asked(first, last)
    answer = await oversight.area_activity(context.pool(request), principal, kind, area_id, start, end)
    if format == "xlsx":
        return sheet_download(
            activity_sheet.activity(answer), f"activity-{answer['from']}-{answer['to']}.xlsx"
        )
    return Response(msgspec.convert(answer, AreaActivity))


@get(
    "/api/v1/townships/{township_id:uuid}/activity",
    operation_class=success_content(XLSX_MEDIA_TYPE),
    responses=_ANSWERS,
    opt={ACCESS: logged_in},
    tags=["oversight"],
    summary="A township's villages month by month: points, fund, participation, stock value; ranked (JSON or .xlsx)",
)
async def township_activity(
    township_id: FromPath[uuid.UUID],
    request: Request,
    first: FirstMonth = None,
    last: LastMonth = None,
    format: Format = "json",
) -> Response[AreaActivity]:
    return await _answer(request, "township", township_id, first, last, format)


@get(
    "/api/v1/counties/{county_id:uuid}/activity",
    operation_class=success_content(XLSX_MEDIA_TYPE),
    responses=_ANSWERS,
    opt={ACCESS: logged_in},
    tags=["oversight"],
    summary="A county's villages (every township's) month by month, as for a township (JSON or .xlsx)",
)
async def county_activity(
    county_id: FromPath[uuid.UUID],
    request: Request,
    first: FirstMonth = None,
    last: LastMonth = None,
    format: Format = "json",
) -> Response[AreaActivity]:
    return await _answer(request, "county", county_id, first, last, format)


_VILLAGE_ANSWERS = answers(
    404,
    forbidden="neither the village's committee nor its township's or county's oversight (forbidden)",
    not_found="no such community (not_found)",
    invalid="a month is not YYYY-MM, `from` comes after `to`, or more than 36 months (validation_failed)",
)


# Under the community, not the township: the village's committee reads it too, and a village
# names its own township and county, so one path serves all three without a second id to check.
@get(
    "/api/v1/communities/{community_id:uuid}/activity",
    operation_class=success_content(XLSX_MEDIA_TYPE),
    responses=_VILLAGE_ANSWERS,
    opt={ACCESS: logged_in},
    tags=["oversight"],
    summary="A village's groups month by month: participation; points awarded, deducted, redeemed (JSON or .xlsx)",
)
async def community_activity(
    community_id: FromPath[uuid.UUID],
    request: Request,
    first: FirstMonth = None,
    last: LastMonth = None,
    format: Format = "json",
) -> Response[VillageGroupsActivity]:
    start, end = oversight.months_asked(first, last)
    answer = await village_activity.village_activity(
        context.pool(request), context.principal(request), community_id, start, end
    )
    if format == "xlsx":
        return sheet_download(
            group_activity_sheet.groups(answer), f"groups-{answer['from']}-{answer['to']}.xlsx"
        )
    return Response(msgspec.convert(answer, VillageGroupsActivity))
