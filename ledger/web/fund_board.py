"""The fund on the public board (两公开): each meeting's resolution approving spending
(决议公开) and, once paid, the result with its receipt photo (实施结果公开)."""

from __future__ import annotations

import html
from typing import Any

from ledger.messages import words

# The meetings that may resolve on the fund's spending: the stored value → (Chinese, English).
MEETINGS = {
    "villager_representatives": ("村民代表会议", "villager representatives' meeting"),
    "villagers": ("村民会议", "villagers' meeting"),
}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def yuan(fen: int) -> str:
    return f"{fen / 100:,.2f}"


def _decided(resolution: dict[str, Any]) -> str:
    entitled, attended, voted_for = resolution["entitled"], resolution["attended"], resolution["voted_for"]
    count = words(
        f"应到 {entitled} 人，实到 {attended} 人，同意 {voted_for} 人",
        f"{entitled} entitled, {attended} attended, {voted_for} voted for",
    )
    approved = yuan(resolution["amount_fen"])
    state = (
        words("已实施，见下方结果", "paid: see the result below")
        if resolution["expenditure"]
        else words("待实施", "not paid yet")
    )
    return f"""<div class="item"><b>{_e(resolution["purpose"])}</b><br>
{_e(words(*MEETINGS[resolution["meeting"]]))} · {_e(resolution["meeting_on"])}<br>
{_e(count)}<br>
{_e(words(f"批准支出不超过 {approved} 元", f"approves at most {approved} yuan"))} · <small>{_e(state)}</small></div>"""


def _result(community_id: str, resolution: dict[str, Any]) -> str:
    paid = resolution["expenditure"]
    amount, approved = yuan(paid["amount_fen"]), yuan(resolution["amount_fen"])
    said = words(
        f"{paid['occurred_on']} 支付给 {paid['payee']} {amount} 元（决议批准不超过 {approved} 元）",
        f"{paid['occurred_on']}: {amount} yuan paid to {paid['payee']} (approved: at most {approved} yuan)",
    )
    if paid["has_receipt"]:
        source = f"/api/v1/boards/{community_id}/fund/receipts/{paid['expenditure_seq']}"
        alt = words(f"票据照片：{resolution['purpose']}", f"Receipt: {resolution['purpose']}")
        receipt = f'<img src="{_e(source)}" alt="{_e(alt)}" loading="lazy">'
    else:
        receipt = f"<small>{_e(words('票据照片待补', 'receipt photo to follow'))}</small>"
    return f"""<div class="item"><b>{_e(resolution["purpose"])}</b><br>
{_e(said)}<br>{receipt}</div>"""


def fund_sections(community_id: str, publicity: dict[str, Any]) -> str:
    """Both postings; nothing at all where the rule is off and no resolution was ever made."""
    resolutions = publicity["resolutions"]
    if not resolutions and not publicity["threshold_fen"]:
        return ""
    none = f'<p class="muted">{_e(words("暂无", "None yet"))}</p>'
    explained = ""
    if publicity["threshold_fen"]:
        threshold = yuan(publicity["threshold_fen"])
        explained = words(
            f"幸福基金超过 {threshold} 元的支出，须先经村民代表会议或村民会议决议，决议和实施结果都在这里公开。",
            f"Fund spending above {threshold} yuan needs a resolution of the villager representatives' "
            "or the villagers' meeting first; the resolution and the result are both posted here.",
        )
    decided = "".join(_decided(r) for r in resolutions) or none
    results = "".join(_result(community_id, r) for r in resolutions if r["expenditure"]) or none
    return f"""<h2>{_e(words("幸福基金 · 决议公开", "Happiness fund · resolutions"))}</h2>
<p class="muted">{_e(explained)}</p>
{decided}
<h2>{_e(words("幸福基金 · 实施结果公开", "Happiness fund · results"))}</h2>
{results}"""
