"""The committee's fund page: record gifts (a household's earns points by policy) and
spending, and read this month's public statement."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request

from ledger import limits
from ledger.api import context
from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.messages import words
from ledger.services import fund_resolutions, images, supermarket
from ledger.store import queries
from ledger.store.queries import policy as policy_reads
from ledger.web.forms import fen_from_yuan, whole_number
from ledger.web.poster_links import poster_links
from ledger.web.workbench.fund import fund_page, yuan
from ledger.web.workbench_page import Outcome, PageSession, checked, workbench_page


async def _show(request: Request, session: PageSession, community_id: uuid.UUID, _: Any) -> str:
    pool = context.pool(request)
    today = await queries.local_today(pool, community_id)
    assert today is not None
    settings = await policy_reads.policy(pool, community_id)
    assert settings is not None
    return fund_page(
        session.csrf_token,
        await supermarket.monthly_statement(pool, community_id, today.year, today.month),
        settings["fund_resolution_threshold_fen"],
        await fund_resolutions.unused(pool, community_id),
        poster_links(str(community_id), kinds=("fund",)),
    )


def _text(form: Any, field: str) -> str | None:
    return str(form.get(field, "")).strip() or None


async def _spend(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    spending: commands.Expenditure = checked(
        {
            "amount_fen": fen_from_yuan(form.get("amount")),
            "purpose": _text(form, "purpose") or "",
            "payee": _text(form, "payee") or "",
            "note": _text(form, "note"),
            "resolution_id": _text(form, "resolution_id"),
        },
        commands.Expenditure,
    )
    upload = form.get("receipt")
    receipt = images.clean_image(await upload.read()) if getattr(upload, "filename", None) else None
    answer = await supermarket.spend(
        context.pool(request), community_id, session.principal.user_id, spending, receipt
    )
    amount, balance = yuan(spending.amount_fen), yuan(answer["balance_fen"])
    return Outcome(
        words(
            f"已记支出 {amount} 元，余额 {balance} 元", f"Recorded: {amount} yuan spent, {balance} yuan left"
        ),
        201,
    )


async def _resolve(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    resolution: commands.FundResolution = checked(
        {
            "meeting": form.get("meeting"),
            "meeting_on": _text(form, "meeting_on") or "",
            "purpose": _text(form, "purpose") or "",
            "amount_fen": fen_from_yuan(form.get("amount")),
            "entitled": whole_number(form.get("entitled")),
            "attended": whole_number(form.get("attended")),
            "voted_for": whole_number(form.get("voted_for")),
            "note": _text(form, "note"),
        },
        commands.FundResolution,
    )
    await fund_resolutions.record_resolution(
        context.pool(request), community_id, session.principal.user_id, resolution
    )
    approved = yuan(resolution.amount_fen)
    return Outcome(
        words(
            f"已记入决议：{resolution.purpose}，不超过 {approved} 元；已在公示栏公开，支出时请选定它",
            f"Resolution recorded: {resolution.purpose}, at most {approved} yuan; posted on the board — "
            "choose it when paying",
        ),
        201,
    )


async def _withdraw(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    withdrawal: commands.WithdrawResolution = checked(
        {"reason": _text(form, "reason") or ""}, commands.WithdrawResolution
    )
    try:
        resolution_id = uuid.UUID(str(form.get("resolution_id", "")))
    except ValueError:
        raise Refused("resolution_not_found", "no such resolution in this community") from None
    await fund_resolutions.withdraw_resolution(
        context.pool(request), community_id, session.principal.user_id, resolution_id, withdrawal
    )
    return Outcome(
        words(
            "已撤回这项决议：公示栏不再公开它，支出也不能再选它",
            "Resolution withdrawn: the board no longer posts it and no spending can name it",
        ),
        201,
    )


async def _record(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    if form.get("action") == "withdraw":
        return await _withdraw(request, session, community_id, form)
    if form.get("action") == "spend":
        return await _spend(request, session, community_id, form)
    if form.get("action") == "resolve":
        return await _resolve(request, session, community_id, form)
    pool, actor = context.pool(request), session.principal.user_id
    household_id = None
    if form.get("source") == "household":
        number = _text(form, "number") or ""
        household_id = await queries.household_by_number(pool, community_id, number)
        if household_id is None:
            raise Refused("not_found", "no household numbered {number}", number=number)
    gift: commands.Contribution = checked(
        {
            "source": form.get("source"),
            "household_id": str(household_id) if household_id else None,
            "donor": _text(form, "donor"),
            "amount_fen": fen_from_yuan(form.get("amount")),
            "method": form.get("method"),
            "note": _text(form, "note"),
        },
        commands.Contribution,
    )
    answer = await supermarket.contribute(pool, community_id, actor, gift)
    amount, points = yuan(gift.amount_fen), answer.get("points")
    return Outcome(
        words(
            f"已记捐赠 {amount} 元" + (f"，该户得 {points} 分" if points else ""),
            f"Recorded: a gift of {amount} yuan"
            + (f"; the household gets {points} points" if points else ""),
        ),
        201,
    )


# The expenditure form may carry its receipt photo.
ROUTES = workbench_page("fund", _show, _record, max_body=limits.IMAGE_BYTES_MAX + limits.FORM_BYTES_MAX)
