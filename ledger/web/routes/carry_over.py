"""The carry-over page (期初结转) for the committee and the supervision committee: upload
the sheet of balances from paper (checked only, or proposed), propose the fund's opening
balance, and approve or reject what someone else proposed."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request

from ledger import limits
from ledger.api import context
from ledger.domain import commands
from ledger.domain.carry_over import FundOpening
from ledger.domain.errors import Refused
from ledger.messages import words
from ledger.services import carry_over
from ledger.web.forms import fen_from_yuan
from ledger.web.notices import Outcome
from ledger.web.workbench.carry_over import carry_over_page
from ledger.web.workbench.fund import yuan
from ledger.web.workbench_page import PageSession, checked, sheet_import, workbench_page


async def _show(request: Request, session: PageSession, community_id: uuid.UUID, report: Any) -> str:
    pool = context.pool(request)
    listed = await carry_over.carry_overs(pool, community_id, limits.CARRY_OVERS_LISTED_MAX)
    open_lines = {
        entry["carry_over_id"]: await carry_over.carry_over_lines(
            pool, community_id, uuid.UUID(entry["carry_over_id"])
        )
        for entry in listed
        if entry["status"] == "proposed" and entry["subject"] == "households"
    }
    return carry_over_page(
        session.csrf_token, str(session.principal.user_id), session.roles, listed, open_lines, report
    )


def _text(form: Any, field: str) -> str:
    return str(form.get(field, "")).strip()


async def _act(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    pool, actor = context.pool(request), session.principal.user_id
    action = form.get("action")
    if action == "import":
        return await _sheet(request, session, community_id, form)
    if action == "fund":
        opening: FundOpening = checked(
            {"amount_fen": fen_from_yuan(form.get("amount")), "reference": _text(form, "reference")},
            FundOpening,
        )
        answer = await carry_over.propose_fund(pool, community_id, actor, session.roles, opening)
        amount = yuan(opening.amount_fen)
        return Outcome(
            words(
                f"已提交幸福基金期初余额 {amount} 元（记录 #{answer['proposed_seq']}），等待另一位审批",
                f"Proposed: the fund's opening balance of {amount} yuan (entry #{answer['proposed_seq']}); "
                "someone else decides it",
            ),
            201,
        )
    decision: commands.Decide = checked(
        {"approve": form.get("decision") == "approve", "reason": _text(form, "reason") or None},
        commands.Decide,
    )
    try:
        carry_over_id = uuid.UUID(_text(form, "carry_over_id"))
    except ValueError:
        raise Refused("not_found", "no such carry-over in this community") from None
    answer = await carry_over.decide(pool, community_id, actor, session.roles, carry_over_id, decision)
    if not decision.approve:
        return Outcome(words("已驳回，未结转", "Rejected: nothing was carried over"))
    if "households" in answer:
        count = answer["households"]
        if answer["in_publicity"]:
            return Outcome(
                words(
                    f"已通过：{count} 户的期初余额已上公示栏（公示期满后生效）",
                    f"Approved: {count} households' balances are on the public board (in effect when "
                    "their publicity ends)",
                )
            )
        return Outcome(
            words(
                f"已通过：{count} 户的期初余额已生效（本村不设公示期）",
                f"Approved: {count} households' balances are in effect (this community has no publicity)",
            )
        )
    return Outcome(words("已通过：幸福基金期初余额已入账", "Approved: the fund's opening balance is in"))


async def _sheet(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    upload = form.get("file")

    async def run(content: bytes, check_only: bool) -> dict[str, Any]:
        report = await carry_over.propose_sheet(
            context.pool(request),
            community_id,
            session.principal.user_id,
            session.roles,
            content,
            upload.filename,
            check_only,
        )
        return report.as_dict()

    return await sheet_import(
        form,
        run,
        lambda report: words(
            f"已提交 {report['rows']} 户的期初余额（记录 #{report['proposed_seq']}），等待另一位审批",
            f"Proposed: {report['rows']} households' balances (entry #{report['proposed_seq']}); "
            "someone else decides it",
        ),
        lambda report: words(
            f"检查通过：{report['rows']} 户，尚未提交（取消“只检查”再上传即提交审批）",
            f"Checked: {report['rows']} households, not proposed yet (untick “Check only” to propose)",
        ),
        201,
    )


ROUTES = workbench_page(
    "carry-over", _show, _act, max_body=limits.ROSTER_FILE_BYTES_MAX + limits.FORM_BYTES_MAX
)
