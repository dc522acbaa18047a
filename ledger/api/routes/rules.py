"""The rule catalog (村规民约积分细则), under /api/v1/communities/{community_id}."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Request, Response, get, patch, post
from litestar.params import FromPath, FromQuery

from ledger import limits
from ledger.api import context, examples
from ledger.api.guards import ACCESS, staff_of_community
from ledger.api.responses import answers, success_content
from ledger.api.schemas import Created, Rule, rule_answer
from ledger.api.schemas.people import Changed
from ledger.api.schemas.supermarket import RuleCatalogReport
from ledger.api.sheet_imports import import_answers, import_sheet, sheet_download
from ledger.documents.workbook import XLSX_MEDIA_TYPE
from ledger.domain import commands, roles
from ledger.services import rule_catalog, rules
from ledger.store import queries


def _actor(request: Request) -> uuid.UUID:
    return context.principal(request).user_id


class RulesController(Controller):
    path = "/api/v1/communities/{community_id:uuid}/rules"
    opt = {ACCESS: staff_of_community}
    tags = ["rules"]

    @get("/", responses=answers(404), opt={"roles": roles.READ_COMMUNITY}, summary="The rule catalog")
    async def list_rules(self, community_id: FromPath[uuid.UUID], request: Request) -> list[Rule]:
        return [rule_answer(row) for row in await queries.rules(context.pool(request), community_id)]

    @post(
        "/",
        responses=answers(404, 409, with_body=True, conflict="the rule code is taken (already_exists)"),
        opt={"roles": roles.KEEP_RULES},
        summary="Define a rule (negative points: the black list)",
    )
    async def define_rule(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.DefineRule, examples.DEFINE_RULE],
        request: Request,
    ) -> Created:
        return Created(await rules.define_rule(context.pool(request), community_id, _actor(request), data))

    @patch(
        "/{rule_id:uuid}",
        responses=answers(
            404,
            409,
            with_body=True,
            conflict="the rule is retired (rule_retired) or the code is taken (already_exists)",
        ),
        opt={"roles": roles.KEEP_RULES},
        summary="Change or retire a rule (past awards keep the points they were given)",
    )
    async def change_rule(
        self,
        community_id: FromPath[uuid.UUID],
        rule_id: FromPath[uuid.UUID],
        data: Annotated[commands.ChangeRule, examples.CHANGE_RULE],
        request: Request,
    ) -> Changed:
        return Changed(
            await rule_catalog.change_rule(
                context.pool(request), community_id, _actor(request), rule_id, data
            )
        )

    @post(
        "/catalog",
        responses=import_answers(),
        status_code=200,
        opt={"roles": roles.KEEP_RULES},
        request_max_body_size=limits.ROSTER_FILE_BYTES_MAX,
        summary="Import the catalog (.xls, .xlsx, .ods or CSV: 编码, 名称, 积分, 红黑榜 …): all rows or none",
    )
    async def import_rules(
        self, community_id: FromPath[uuid.UUID], request: Request, dry_run: FromQuery[bool] = False
    ) -> Response[RuleCatalogReport]:
        return await import_sheet(
            request, community_id, rule_catalog.import_rules, dry_run, RuleCatalogReport
        )

    @get(
        "/catalog.xlsx",
        operation_class=success_content(XLSX_MEDIA_TYPE, instead_of_json=True),
        responses=answers(404),
        opt={"roles": roles.READ_COMMUNITY},
        summary="Export the rule catalog as .xlsx",
    )
    async def export_rules(self, community_id: FromPath[uuid.UUID], request: Request) -> Response[bytes]:
        return sheet_download(
            await rule_catalog.export_rules(context.pool(request), community_id), "rules.xlsx"
        )
