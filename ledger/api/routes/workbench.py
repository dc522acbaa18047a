"""The points workbench for staff in a browser (cookie session, CSRF token in every form):
a scorer proposes from a phone, the committee approves or rejects whole batches, the
supervision committee rules on objections. The pages call the same store functions as
the API, so every rule (maker-checker, fairness, the yearly cap, evidence) holds alike."""

from __future__ import annotations

import re
import secrets
import uuid
from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect

from ledger import limits
from ledger.api import context
from ledger.api.problems import STATUS_OF_CODE
from ledger.api.routes.pages import HTML, web_principal
from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.services import auth, images, rule_catalog, security, supervision
from ledger.services import commands as services
from ledger.services import honours as honour_service
from ledger.services.spreadsheets import XLSX_MEDIA_TYPE
from ledger.store import commands as ledger_store
from ledger.store import counter as counter_store
from ledger.store import proposals, publicity, queries
from ledger.web import workbench

FLAG_DAYS = 90  # the supervision view looks back this far, as the API does by default
_NUMBER_SEPARATORS = re.compile(r"[\s,，、;；]+")


class _Session(msgspec.Struct, frozen=True):
    principal: auth.Principal
    csrf_token: str
    community: str
    roles: frozenset[str]


async def _session(request: Request, community_id: uuid.UUID, page: str) -> _Session | Response[Any]:
    """The session for a workbench page, or the answer that replaces the page: the log-in
    page for no session, a refusal for a role that may not open it."""
    found = await web_principal(request)
    if found is None:
        return Redirect("/login", status_code=303)
    principal, token = found
    roles = principal.roles_in(community_id)
    names = await queries.community_names(context.pool(request), [community_id])
    title, allowed = workbench.PAGES[page]
    session = _Session(principal, security.csrf_token_for(token), names.get(community_id, ""), roles)
    if not roles & allowed:
        return _render(
            session,
            community_id,
            title,
            workbench.message_only(""),
            "你没有这个页面的权限 (your roles do not include this page)",
            403,
        )
    return session


async def _form_checked(request: Request, session: _Session) -> Any:
    form = await request.form()
    if not secrets.compare_digest(str(form.get("csrf_token", "")), session.csrf_token):
        raise Refused("forbidden", "this form did not come from this site (CSRF token missing or wrong)")
    return form


def _render(
    session: _Session, community_id: uuid.UUID, title: str, body: str, message: str = "", status: int = 200
) -> Response[str]:
    return Response(
        workbench.page(
            title=title,
            community=session.community,
            community_id=str(community_id),
            username=session.principal.username,
            roles=session.roles,
            body=body,
            message=message,
            error=status >= 400,
        ),
        status_code=status,
        media_type=HTML,
    )


def _refusal_message(refusal: Refused) -> tuple[str, int]:
    return f"未办理 Not done ({refusal.code}): {refusal.detail}", STATUS_OF_CODE.get(refusal.code, 400)


def _checked(value: dict[str, Any], command: type) -> Any:
    try:
        return msgspec.convert(value, command)
    except msgspec.ValidationError as error:
        raise Refused("validation_failed", str(error)) from error


# ---- propose (scorers, committee) --------------------------------------------------------


async def _propose_page(
    request: Request, session: _Session, community_id: uuid.UUID, message: str = "", status: int = 200
) -> Response[str]:
    pool = context.pool(request)
    rules = [dict(r) for r in await queries.rules(pool, community_id) if r["status"] == "active"]
    households = [
        dict(h)
        for h in await queries.households(pool, community_id, limits.HOUSEHOLDS_LISTED_MAX, "")
        if h["status"] == "active"
    ]
    today = await queries.local_today(pool, community_id)
    assert today is not None
    body = workbench.propose_form(session.csrf_token, rules, households, today)
    return _render(session, community_id, workbench.PAGES["propose"][0], body, message, status)


@get("/staff/{community_id:uuid}/propose", include_in_schema=False)
async def propose_form(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await _session(request, community_id, "propose")
    if isinstance(session, Response):
        return session
    return await _propose_page(request, session, community_id)


@post(
    "/staff/{community_id:uuid}/propose",
    include_in_schema=False,
    request_max_body_size=limits.IMAGE_BYTES_MAX + limits.FORM_BYTES_MAX,
)
async def propose(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await _session(request, community_id, "propose")
    if isinstance(session, Response):
        return session
    pool = context.pool(request)
    try:
        form = await _form_checked(request, session)
        chosen = [str(value) for value in form.getall("household_id", [])]
        if form.get("everyone"):
            listed = await queries.households(pool, community_id, limits.HOUSEHOLDS_LISTED_MAX, "")
            chosen += [str(h["household_id"]) for h in listed if h["status"] == "active"]
        typed = [n for n in _NUMBER_SEPARATORS.split(str(form.get("numbers", ""))) if n]
        if typed:
            found = await queries.households_by_numbers(pool, community_id, typed)
            unknown = [n for n in typed if n not in found]
            if unknown:
                raise Refused(
                    "not_found", f"no household numbered {'、'.join(unknown[:20])}; nothing was proposed"
                )
            chosen += [str(found[n]) for n in typed]
        chosen = list(dict.fromkeys(chosen))
        if not 1 <= len(chosen) <= limits.BATCH_HOUSEHOLDS_MAX:
            raise Refused(
                "validation_failed",
                f"请选择 1 至 {limits.BATCH_HOUSEHOLDS_MAX} 户 (choose 1 to {limits.BATCH_HOUSEHOLDS_MAX} "
                f"households; {len(chosen)} chosen)",
            )
        command: commands.Propose = _checked(
            {
                "rule_id": form.get("rule_id"),
                "household_ids": chosen,
                "note": str(form.get("note", "")).strip() or None,
                "occurred_on": str(form.get("occurred_on", "")) or None,
            },
            commands.Propose,
        )
        photo = form.get("photo")
        image = None
        if isinstance(photo, UploadFile) and photo.filename:
            image = images.clean_image(await photo.read())
        async with pool.acquire() as connection, connection.transaction():
            answer = await proposals.propose(
                connection,
                community_id,
                session.principal.user_id,
                command.rule_id,
                command.household_ids,
                None,
                command.note,
                command.occurred_on,
            )
            if image is not None:  # the proposals and their photo stand or fall together
                await proposals.attach_evidence(
                    connection,
                    community_id,
                    session.principal.user_id,
                    [uuid.UUID(p) for p in answer["proposal_ids"]],
                    uuid.uuid4(),
                    image,
                )
    except Refused as refusal:
        return await _propose_page(request, session, community_id, *_refusal_message(refusal))
    done = f"已提交 {len(answer['proposal_ids'])} 户，等待审核 (proposed for {len(answer['proposal_ids'])} households; waiting for the committee)"
    return await _propose_page(request, session, community_id, done, 201)


# ---- review (committee; supervisors for staff households) ----------------------------------


async def _review_page(
    request: Request, session: _Session, community_id: uuid.UUID, message: str = "", status: int = 200
) -> Response[str]:
    rows = await proposals.proposals(context.pool(request), community_id, "proposed", limits.PAGE_SIZE_MAX)
    batches: dict[uuid.UUID, dict[str, Any]] = {}
    for row in rows:
        batch = batches.setdefault(
            row["batch_id"],
            {
                **{k: row[k] for k in ("batch_id", "rule_code", "rule_name", "points", "note", "proposer")},
                "occurred_on": row["occurred_on"],
                "needs_evidence": row["needs_evidence"],
                "has_evidence": row["has_evidence"],
                "first_proposal": row["proposal_id"],
                "numbers": [],
            },
        )
        batch["numbers"].append(row["number"])
    body = workbench.review_list(session.csrf_token, str(community_id), list(batches.values()))
    return _render(session, community_id, workbench.PAGES["review"][0], body, message, status)


@get("/staff/{community_id:uuid}/review", include_in_schema=False)
async def review(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await _session(request, community_id, "review")
    if isinstance(session, Response):
        return session
    return await _review_page(request, session, community_id)


@post("/staff/{community_id:uuid}/review", include_in_schema=False)
async def decide(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await _session(request, community_id, "review")
    if isinstance(session, Response):
        return session
    pool = context.pool(request)
    try:
        form = await _form_checked(request, session)
        decision: commands.Decide = _checked(
            {
                "approve": form.get("decision") == "approve",
                "reason": str(form.get("reason", "")).strip() or None,
            },
            commands.Decide,
        )
        batch_id = _checked(form.get("batch_id"), uuid.UUID)
        members = await proposals.batch_members(pool, community_id, batch_id)
        if not members:
            raise Refused("not_found", "no open proposals in that batch")
        async with pool.acquire() as connection:
            decided = await proposals.decide(
                connection,
                community_id,
                session.principal.user_id,
                members,
                decision.approve,
                decision.reason,
                session.roles,
            )
    except Refused as refusal:
        return await _review_page(request, session, community_id, *_refusal_message(refusal))
    done = (
        f"已通过 {len(decided)} 户 (approved for {len(decided)} households)"
        if decision.approve
        else f"已驳回 {len(decided)} 户 (rejected for {len(decided)} households)"
    )
    return await _review_page(request, session, community_id, done)


@get("/staff/{community_id:uuid}/proposals/{proposal_id:uuid}/evidence", include_in_schema=False)
async def evidence(community_id: uuid.UUID, proposal_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await _session(request, community_id, "review")
    if isinstance(session, Response):
        return session
    row = await proposals.evidence(context.pool(request), community_id, proposal_id)
    if row is None:
        raise Refused("not_found", "this proposal has no evidence")
    return Response(row["content"], media_type=row["media_type"])


# ---- objections (supervision committee) ----------------------------------------------------


async def _objections_page(
    request: Request, session: _Session, community_id: uuid.UUID, message: str = "", status: int = 200
) -> Response[str]:
    rows = [dict(r) for r in await publicity.open_objections(context.pool(request), community_id)]
    body = workbench.objection_list(session.csrf_token, rows)
    return _render(session, community_id, workbench.PAGES["objections"][0], body, message, status)


@get("/staff/{community_id:uuid}/objections", include_in_schema=False)
async def objections(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await _session(request, community_id, "objections")
    if isinstance(session, Response):
        return session
    return await _objections_page(request, session, community_id)


@post("/staff/{community_id:uuid}/objections", include_in_schema=False)
async def rule_on_objection(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await _session(request, community_id, "objections")
    if isinstance(session, Response):
        return session
    try:
        form = await _form_checked(request, session)
        ruling: commands.ObjectionDecision = _checked(
            {"uphold": form.get("decision") == "uphold", "reason": str(form.get("reason", "")).strip()},
            commands.ObjectionDecision,
        )
        objection_id = _checked(form.get("objection_id"), uuid.UUID)
        async with context.pool(request).acquire() as connection:
            answer = await publicity.decide_objection(
                connection,
                community_id,
                session.principal.user_id,
                objection_id,
                ruling.uphold,
                ruling.reason,
            )
    except Refused as refusal:
        return await _objections_page(request, session, community_id, *_refusal_message(refusal))
    done = (
        "异议成立，该项加分不予确认 (upheld: the award is rejected)"
        if answer.get("award_rejected")
        else ("异议已记录 (upheld)" if ruling.uphold else "异议已驳回 (dismissed)")
    )
    return await _objections_page(request, session, community_id, done)


# ---- supervision view and reversals (supervision committee) --------------------------------


async def _supervision_page(
    request: Request, session: _Session, community_id: uuid.UUID, message: str = "", status: int = 200
) -> Response[str]:
    flags = await supervision.flags(context.pool(request), community_id, FLAG_DAYS)
    body = workbench.supervision(session.csrf_token, flags)
    return _render(session, community_id, workbench.PAGES["supervision"][0], body, message, status)


@get("/staff/{community_id:uuid}/supervision", include_in_schema=False)
async def supervision_view(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await _session(request, community_id, "supervision")
    if isinstance(session, Response):
        return session
    return await _supervision_page(request, session, community_id)


@post("/staff/{community_id:uuid}/supervision", include_in_schema=False)
async def reverse(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await _session(request, community_id, "supervision")
    if isinstance(session, Response):
        return session
    try:
        form = await _form_checked(request, session)
        seq = str(form.get("event_seq", "")).strip()
        command: commands.Reverse = _checked(
            {"event_seq": int(seq) if seq.isdigit() else seq, "reason": str(form.get("reason", "")).strip()},
            commands.Reverse,
        )
        answer = await services.reverse(
            context.pool(request), community_id, session.principal.user_id, command, None
        )
    except Refused as refusal:
        return await _supervision_page(request, session, community_id, *_refusal_message(refusal))
    done = f"已冲正 #{command.event_seq}，冲正记录 #{answer['event_seq']} (reversed; the reversal is entry #{answer['event_seq']})"
    return await _supervision_page(request, session, community_id, done, 201)


# ---- honours and year end (committee; supervisors for staff households' honours) ------------


async def _honours_page(
    request: Request, session: _Session, community_id: uuid.UUID, message: str = "", status: int = 200
) -> Response[str]:
    pool = context.pool(request)
    today = await queries.local_today(pool, community_id)
    policy = await counter_store.policy(pool, community_id)
    assert today is not None and policy is not None
    settled = [dict(row) for row in await queries.settlements(pool, community_id)]
    body = workbench.honours_and_year_end(session.csrf_token, today, policy["year_end"], settled)
    return _render(session, community_id, workbench.PAGES["honours"][0], body, message, status)


@get("/staff/{community_id:uuid}/honours", include_in_schema=False)
async def honours_form(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await _session(request, community_id, "honours")
    if isinstance(session, Response):
        return session
    return await _honours_page(request, session, community_id)


@post("/staff/{community_id:uuid}/honours", include_in_schema=False)
async def honour_or_settle(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await _session(request, community_id, "honours")
    if isinstance(session, Response):
        return session
    pool = context.pool(request)
    try:
        form = await _form_checked(request, session)
        year = str(form.get("year", "")).strip()
        if form.get("action") == "settle":
            if "committee" not in session.roles:
                raise Refused("forbidden", "the committee runs the year-end settlement")
            settle: commands.Settle = _checked(
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
        command: commands.GrantHonour = _checked(
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
        return await _honours_page(request, session, community_id, *_refusal_message(refusal))
    done = f"已授予 {number} 户 {command.title}（{command.year}），奖励积分进入公示 (granted; the bonus is in publicity)"
    return await _honours_page(request, session, community_id, done, 201)


# ---- the rule catalog (committee) -----------------------------------------------------------


async def _rules_page(
    request: Request,
    session: _Session,
    community_id: uuid.UUID,
    message: str = "",
    status: int = 200,
    report: dict[str, Any] | None = None,
) -> Response[str]:
    rows = [dict(row) for row in await queries.rules(context.pool(request), community_id)]
    body = workbench.rule_catalog(session.csrf_token, str(community_id), rows, report)
    return _render(session, community_id, workbench.PAGES["rules"][0], body, message, status)


@get("/staff/{community_id:uuid}/rules", include_in_schema=False)
async def rules_page(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await _session(request, community_id, "rules")
    if isinstance(session, Response):
        return session
    return await _rules_page(request, session, community_id)


@get("/staff/{community_id:uuid}/rules/catalog.xlsx", include_in_schema=False)
async def rules_workbook(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await _session(request, community_id, "rules")
    if isinstance(session, Response):
        return session
    return Response(
        await rule_catalog.export_rules(context.pool(request), community_id),
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": 'attachment; filename="rules.xlsx"'},
    )


def _whole_number(value: Any) -> Any:
    text = str(value if value is not None else "").strip()
    return int(text) if re.fullmatch(r"-?[0-9]{1,9}", text) else text


@post(
    "/staff/{community_id:uuid}/rules",
    include_in_schema=False,
    request_max_body_size=limits.ROSTER_FILE_BYTES_MAX + limits.FORM_BYTES_MAX,
)
async def change_rules(community_id: uuid.UUID, request: Request) -> Response[Any]:
    session = await _session(request, community_id, "rules")
    if isinstance(session, Response):
        return session
    pool = context.pool(request)
    actor = session.principal.user_id
    try:
        form = await _form_checked(request, session)
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
            define: commands.DefineRule = _checked(
                {
                    "code": str(form.get("code", "")).strip(),
                    "name": str(form.get("name", "")).strip(),
                    "category": str(form.get("category", "")).strip(),
                    "points": _whole_number(form.get("points")),
                    "needs_publicity": bool(form.get("needs_publicity")),
                    "needs_evidence": bool(form.get("needs_evidence")),
                },
                commands.DefineRule,
            )
            await services.define_rule(pool, community_id, actor, define)
            return await _rules_page(request, session, community_id, f"已新增 {define.code} (defined)", 201)
        rule_id = _checked(form.get("rule_id"), uuid.UUID)
        change: commands.ChangeRule = _checked(
            {"status": "retired"} if action == "retire" else {"points": _whole_number(form.get("points"))},
            commands.ChangeRule,
        )
        changed = await rule_catalog.change_rule(pool, community_id, actor, rule_id, change)
    except Refused as refusal:
        return await _rules_page(request, session, community_id, *_refusal_message(refusal))
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


ROUTES = [
    propose_form,
    propose,
    review,
    decide,
    evidence,
    objections,
    rule_on_objection,
    supervision_view,
    reverse,
    honours_form,
    honour_or_settle,
    rules_page,
    rules_workbook,
    change_rules,
]
