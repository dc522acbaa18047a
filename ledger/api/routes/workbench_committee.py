"""Workbench pages for the committee: honours and the year-end settlement, and the rule
catalog (define, re-point, retire, import and export)."""

from __future__ import annotations

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
    whole_number,
)
from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.services import commands as services
from ledger.services import honours as honour_service
from ledger.services import rule_catalog
from ledger.services.spreadsheets import XLSX_MEDIA_TYPE
from ledger.store import commands as ledger_store
from ledger.store import counter as counter_store
from ledger.store import queries
from ledger.web import workbench

# ---- honours and year end (committee; supervisors for staff households' honours) ------------


async def _honours_page(
    request: Request, session: PageSession, community_id: uuid.UUID, message: str = "", status: int = 200
) -> Response[str]:
    pool = context.pool(request)
    today = await queries.local_today(pool, community_id)
    policy = await counter_store.policy(pool, community_id)
    assert today is not None and policy is not None
    settled = [dict(row) for row in await queries.settlements(pool, community_id)]
    body = workbench.honours_and_year_end(session.csrf_token, today, policy["year_end"], settled)
    return render(session, community_id, workbench.PAGES["honours"][0], body, message, status)


@get("/staff/{community_id:uuid}/honours", include_in_schema=False)
async def honours_form(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "honours")
    if isinstance(session, Response):
        return session
    return await _honours_page(request, session, community_id)


@post("/staff/{community_id:uuid}/honours", include_in_schema=False)
async def honour_or_settle(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "honours")
    if isinstance(session, Response):
        return session
    pool = context.pool(request)
    try:
        form = await checked_form(request, session)
        year = str(form.get("year", "")).strip()
        if form.get("action") == "settle":
            if "committee" not in session.roles:
                raise Refused("forbidden", "the committee runs the year-end settlement")
            settle: commands.Settle = checked(
                {"year": int(year) if year.isdigit() else year}, commands.Settle
            )
            answer = await ledger_store.settle(pool, community_id, settle.year)
            done = (
                f"{settle.year} 年已结算过 (already settled)"
                if answer["replayed"]
                else f"{settle.year} 年结算完成：{answer['households']} 户清零 {answer['points_expired']} 分 "
                f"(settled: {answer['points_expired']} points expired in {answer['households']} households)"
            )
            return await _honours_page(
                request, session, community_id, done, 200 if answer["replayed"] else 201
            )
        number = str(form.get("number", "")).strip()
        household_id = await queries.household_by_number(pool, community_id, number)
        if household_id is None:
            raise Refused("not_found", f"no household numbered {number}")
        command: commands.GrantHonour = checked(
            {
                "household_id": str(household_id),
                "title": form.get("title"),
                "year": int(year) if year.isdigit() else year,
                "note": str(form.get("note", "")).strip() or None,
            },
            commands.GrantHonour,
        )
        await honour_service.grant(pool, community_id, session.principal.user_id, session.roles, command)
    except Refused as refusal:
        return await _honours_page(request, session, community_id, *refusal_message(refusal))
    done = f"已授予 {number} 户 {command.title}（{command.year}），奖励积分进入公示 (granted; the bonus is in publicity)"
    return await _honours_page(request, session, community_id, done, 201)


# ---- the rule catalog (committee) -----------------------------------------------------------


async def _rules_page(
    request: Request,
    session: PageSession,
    community_id: uuid.UUID,
    message: str = "",
    status: int = 200,
    report: dict[str, Any] | None = None,
) -> Response[str]:
    rows = [dict(row) for row in await queries.rules(context.pool(request), community_id)]
    body = workbench.rule_catalog(session.csrf_token, str(community_id), rows, report)
    return render(session, community_id, workbench.PAGES["rules"][0], body, message, status)


@get("/staff/{community_id:uuid}/rules", include_in_schema=False)
async def rules_page(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "rules")
    if isinstance(session, Response):
        return session
    return await _rules_page(request, session, community_id)


@get("/staff/{community_id:uuid}/rules/catalog.xlsx", include_in_schema=False)
async def rules_workbook(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "rules")
    if isinstance(session, Response):
        return session
    return Response(
        await rule_catalog.export_rules(context.pool(request), community_id),
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": 'attachment; filename="rules.xlsx"'},
    )


@post(
    "/staff/{community_id:uuid}/rules",
    include_in_schema=False,
    request_max_body_size=limits.ROSTER_FILE_BYTES_MAX + limits.FORM_BYTES_MAX,
)
async def change_rules(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "rules")
    if isinstance(session, Response):
        return session
    pool = context.pool(request)
    actor = session.principal.user_id
    try:
        form = await checked_form(request, session)
        action = form.get("action")
        if action == "import":
            upload = form.get("file")
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise Refused("validation_failed", "choose a .xlsx or CSV file")
            dry_run = bool(form.get("dry_run"))
            report = await rule_catalog.import_rules(pool, community_id, actor, await upload.read(), dry_run)
            if report["problems"]:
                message = f"文件有 {len(report['problems'])} 处问题，未导入 ({len(report['problems'])} problems; nothing imported)"
                return await _rules_page(request, session, community_id, message, 400, report)
            message = (
                f"检查通过：{report['rows']} 行 (checked: {report['rows']} rows, nothing imported yet)"
                if dry_run
                else f"已导入：新增 {report['defined']}，修改 {report['changed']} (imported: {report['defined']} defined, {report['changed']} changed)"
            )
            return await _rules_page(request, session, community_id, message, 200, report)
        if action == "define":
            define: commands.DefineRule = checked(
                {
                    "code": str(form.get("code", "")).strip(),
                    "name": str(form.get("name", "")).strip(),
                    "category": str(form.get("category", "")).strip(),
                    "points": whole_number(form.get("points")),
                    "needs_publicity": bool(form.get("needs_publicity")),
                    "needs_evidence": bool(form.get("needs_evidence")),
                },
                commands.DefineRule,
            )
            await services.define_rule(pool, community_id, actor, define)
            return await _rules_page(request, session, community_id, f"已新增 {define.code} (defined)", 201)
        rule_id = checked(form.get("rule_id"), uuid.UUID)
        change: commands.ChangeRule = checked(
            {"status": "retired"} if action == "retire" else {"points": whole_number(form.get("points"))},
            commands.ChangeRule,
        )
        changed = await rule_catalog.change_rule(pool, community_id, actor, rule_id, change)
    except Refused as refusal:
        return await _rules_page(request, session, community_id, *refusal_message(refusal))
    done = (
        (
            "已停用 (retired)"
            if action == "retire"
            else "已改分，以往记录不变 (changed; past awards keep their points)"
        )
        if changed
        else "没有变化 (nothing changed)"
    )
    return await _rules_page(request, session, community_id, done)


ROUTES = [honours_form, honour_or_settle, rules_page, rules_workbook, change_rules]
