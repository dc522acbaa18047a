"""The residents' claims page (村民申报审核): each open claim a decider may decide — the
household, its grid, what the resident claimed and wrote, the photo — with approve and
reject (a rejection says why: the resident reads it on the card)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ledger.messages import words
from ledger.web.workbench import _csrf, _e, _points


def claims_list(csrf_token: str, community_id: str, claims: Iterable[dict[str, Any]], has_grids: bool) -> str:
    boxes = "".join(_claim_box(csrf_token, community_id, claim) for claim in claims)
    if boxes:
        return boxes
    if not has_grids:
        return f'<p class="muted">{_e(words("你还没有负责的网格：村民申报由村两委审核。", "You look after no grid yet: the committee decides residents’ claims."))}</p>'
    return (
        f'<p class="muted">{_e(words("没有待审核的村民申报。", "No claims are waiting for a decision."))}</p>'
    )


def _claim_box(csrf_token: str, community_id: str, claim: dict[str, Any]) -> str:
    if claim["has_evidence"]:
        photo = (
            f'<a href="/staff/{_e(community_id)}/claims/{_e(claim["proposal_id"])}/evidence">'
            f"{_e(words('看照片', 'photo'))}</a>"
        )
    elif claim["needs_evidence"]:
        photo = f"<b>{_e(words('缺照片，不能通过', 'photo missing: cannot be approved'))}</b>"
    else:
        photo = _e(words("无照片", "no photo"))
    grid = claim["grid_name"] or words("未分网格", "no grid")
    day = claim["occurred_on"] or claim["claimed_on"]
    return f"""
<div class="box">
<p><b>{_e(claim["number"])} {_e(claim["head_name"])}</b> · {_e(grid)}<br>
{_e(claim["rule_name"])} {_points(claim["points"])} · {_e(words("日期", "day"))} {_e(day)}<br>
<span class="muted">{_e(claim["note"] or "")} · {photo}</span></p>
<form method="post">
{_csrf(csrf_token)}
<input type="hidden" name="proposal_id" value="{_e(claim["proposal_id"])}">
<label for="reason-{_e(claim["proposal_id"])}">{_e(words("意见（驳回时必填，村民能看到）", "Reason (needed to reject; the resident reads it)"))}</label>
<input id="reason-{_e(claim["proposal_id"])}" name="reason" maxlength="500">
<button type="submit" name="decision" value="approve">{_e(words("通过", "Approve"))}</button>
<button type="submit" name="decision" value="reject" class="quiet">{_e(words("驳回", "Reject"))}</button>
</form>
</div>"""
