"""The card page's claims (村民申报): the form a resident claims with (a claimable rule, what
they did, the day, a photo from the phone's camera), how many claims are left today, and
their latest claims with where each stands, in words."""

from __future__ import annotations

import html
from typing import Any

from ledger.messages import words


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def claims_section(token: str, view: dict[str, Any], today: str) -> str:
    """The section under the balance: the form (while the community opens rules to claims and
    the card has claims left today), then the household's own claims."""
    heading = _e(words("我要申报", "Claim points"))
    return f"""<section aria-labelledby="claims-heading">
<h2 id="claims-heading" style="font-size:1rem">{heading}</h2>
{_form(token, view, today)}
<h3 style="font-size:.95rem">{_e(words("我的申报", "My claims"))}</h3>
<ul class="claims">{_claims(view["claims"])}</ul>
</section>"""


def _form(token: str, view: dict[str, Any], today: str) -> str:
    rules = view["claimable_rules"]
    if not rules:
        return (
            f'<p class="muted">{_e(words("本村暂未开放村民申报。", "This village takes no claims yet."))}</p>'
        )
    left = view["claims_left_today"]
    if left == 0:
        return f'<p class="muted">{_e(words("今天的申报次数已用完，明天再来。", "No claims left today; come back tomorrow."))}</p>'
    photo_needed = words("（须附照片）", " (photo needed)")
    options = "".join(
        f'<option value="{_e(rule["rule_id"])}">{_e(rule["name"])} +{_e(rule["points"])}'
        f"{_e(photo_needed) if rule['needs_evidence'] else ''}</option>"
        for rule in rules
    )
    return f"""<form method="post" action="/c/{_e(token)}/claims" enctype="multipart/form-data" class="claim">
<p class="muted">{_e(words(f"今天还可申报 {left} 次；网格员或村两委审核后加分。", f"{left} claims left today; points come once the grid's scorer or the committee approves."))}</p>
<label for="claim-rule">{_e(words("申报事项", "What you did"))}</label>
<select id="claim-rule" name="rule_id" required>{options}</select>
<label for="claim-note">{_e(words("说明（做了什么、在哪里）", "Note (what, where)"))}</label>
<textarea id="claim-note" name="note" maxlength="500" rows="3" required></textarea>
<label for="claim-day">{_e(words("日期", "Day"))}</label>
<input id="claim-day" name="occurred_on" type="date" value="{_e(today)}" max="{_e(today)}">
<label for="claim-photo">{_e(words("照片（可选，拍一张更容易通过）", "Photo (optional; one helps)"))}</label>
<input id="claim-photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" capture="environment">
<button type="submit">{_e(words("提交申报", "Send the claim"))}</button>
</form>"""


def _claims(claims: list[dict[str, Any]]) -> str:
    if not claims:
        return f"<li>{_e(words('还没有申报', 'No claims yet'))}</li>"
    return "".join(
        f"<li><b>{_e(claim['rule_name'])} +{_e(claim['points'])}</b> · {_e(claim['claimed_on'])}<br>"
        f'<span class="state-{_e(claim["state"])}">{_e(claim_state_words(claim))}</span></li>'
        for claim in claims
    )


def claim_state_words(claim: dict[str, Any]) -> str:
    """Where a claim stands, as the resident reads it."""
    state = claim["state"]
    if state == "proposed":
        return words("待审核", "Waiting for a decision")
    if state == "rejected":
        reason = claim["reason"] or ""
        return words(f"未通过：{reason}", f"Not approved: {reason}")
    if state == "in_publicity":
        until = claim["in_publicity_until"]
        return words(
            f"已通过，公示中（至 {until}），无异议后到账",
            f"Approved; in publicity until {until}, then it counts",
        )
    if state == "confirmed":
        return words("已通过，积分已到账", "Approved; the points count")
    return words("已通过，但公示期间被撤销", "Approved, then withdrawn in publicity")
