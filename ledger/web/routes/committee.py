"""Workbench pages for the committee: honours and the year-end settlement, and the rule
catalog (define, re-point, retire, import and export)."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request

from ledger import limits
from ledger.api import context
from ledger.domain import commands, roles
from ledger.domain.errors import Refused
from ledger.messages import words
from ledger.services import honours as honour_service
from ledger.services import rule_catalog, rules, settlement
from ledger.store import queries
from ledger.store.queries import policy as policy_reads
from ledger.web.forms import whole_number
from ledger.web.workbench import points
from ledger.web.workbench_page import (
    Outcome,
    PageSession,
    checked,
    row_import,
    workbench_page,
    workbook_download,
)


async def _show_honours(request: Request, session: PageSession, community_id: uuid.UUID, _: Any) -> str:
    pool = context.pool(request)
    today = await queries.local_today(pool, community_id)
    policy = await policy_reads.policy(pool, community_id)
    assert today is not None and policy is not None
    settled = [dict(row) for row in await queries.settlements(pool, community_id)]
    return points.honours_and_year_end(session.csrf_token, today, policy["year_end"], settled)


async def _honour_or_settle(
    request: Request, session: PageSession, community_id: uuid.UUID, form: Any
) -> Outcome:
    pool = context.pool(request)
    year = whole_number(form.get("year"))
    if form.get("action") == "settle":
        if not session.roles & roles.SETTLE:
            raise Refused("forbidden", "the committee runs the year-end settlement")
        settle: commands.Settle = checked({"year": year}, commands.Settle)
        answer = await settlement.settle(pool, community_id, settle.year)
        if answer["replayed"]:
            return Outcome(words(f"{settle.year} 年已结算过", f"{settle.year} was already settled"))
        households, expired = answer["households"], answer["points_expired"]
        return Outcome(
            words(
                f"{settle.year} 年结算完成：{households} 户清零 {expired} 分",
                f"{settle.year} settled: {expired} points expired in {households} households",
            ),
            201,
        )
    number = str(form.get("number", "")).strip()
    household_id = await queries.household_by_number(pool, community_id, number)
    if household_id is None:
        raise Refused("not_found", "no household numbered {number}", number=number)
    command: commands.GrantHonour = checked(
        {
            "household_id": str(household_id),
            "title": form.get("title"),
            "year": year,
            "note": str(form.get("note", "")).strip() or None,
        },
        commands.GrantHonour,
    )
    await honour_service.grant(pool, community_id, session.principal.user_id, session.roles, command)
    title = words(command.title, points.HONOUR_TITLES.get(command.title, command.title))
    return Outcome(
        words(
            f"已授予 {number} 户 {title}（{command.year}），奖励积分进入公示",
            f"Household {number} is {title} {command.year}; the bonus is in publicity",
        ),
        201,
    )


async def _show_rules(request: Request, session: PageSession, community_id: uuid.UUID, report: Any) -> str:
    rows = [dict(row) for row in await queries.rules(context.pool(request), community_id)]
    return points.rule_catalog(session.csrf_token, str(community_id), rows, report)


async def _change_rules(
    request: Request, session: PageSession, community_id: uuid.UUID, form: Any
) -> Outcome:
    pool, actor, action = context.pool(request), session.principal.user_id, form.get("action")
    if action == "import":
        return await row_import(
            request,
            session,
            community_id,
            form,
            rule_catalog.import_rules,
            lambda report: words(
                f"已导入：新增 {report['defined']}，修改 {report['changed']}",
                f"Imported: {report['defined']} defined, {report['changed']} changed",
            ),
        )
    if action == "define":
        define: commands.DefineRule = checked(
            {
                "code": str(form.get("code", "")).strip(),
                "name": str(form.get("name", "")).strip(),
                "category": str(form.get("category", "")).strip(),
                "points": whole_number(form.get("points")),
                "needs_publicity": bool(form.get("needs_publicity")),
                "needs_evidence": bool(form.get("needs_evidence")),
                "claimable": bool(form.get("claimable")),
            },
            commands.DefineRule,
        )
        await rules.define_rule(pool, community_id, actor, define)
        return Outcome(words(f"已新增 {define.code}", f"{define.code} defined"), 201)
    rule_id = checked(form.get("rule_id"), uuid.UUID)
    change: commands.ChangeRule = checked(
        _RULE_CHANGES.get(action) or {"points": whole_number(form.get("points"))},
        commands.ChangeRule,
    )
    if not await rule_catalog.change_rule(pool, community_id, actor, rule_id, change):
        return Outcome(words("没有变化", "Nothing changed"))
    if action == "retire":
        return Outcome(words("已停用", "Retired"))
    if action == "claimable":
        return Outcome(words("村民可以在积分卡上申报这一项了", "Residents may now claim it on their card"))
    if action == "not_claimable":
        return Outcome(words("这一项不再接受村民申报", "Residents may no longer claim it"))
    return Outcome(words("已改分，以往记录不变", "Changed; past awards keep their points"))


# The rule page's one-tap changes; any other action changes the points.
_RULE_CHANGES: dict[str, dict[str, Any]] = {
    "retire": {"status": "retired"},
    "claimable": {"claimable": True},
    "not_claimable": {"claimable": False},
}


ROUTES = [
    *workbench_page("honours", _show_honours, _honour_or_settle),
    *workbench_page(
        "rules", _show_rules, _change_rules, max_body=limits.ROSTER_FILE_BYTES_MAX + limits.FORM_BYTES_MAX
    ),
    workbook_download("rules", "catalog.xlsx", rule_catalog.export_rules),
]
