"""The community's policies as one form, each field with what it decides."""

from __future__ import annotations

from typing import Any

from ledger.messages import words
from ledger.web.workbench import _csrf, _e

# field → ((label in Chinese, in English), kind); kind: "yes/no", "number", "numbers"
# (comma-separated), "yuan" (kept in fen, shown and typed in yuan), or a tuple of choices
# (value, Chinese, English)
FIELDS: dict[str, tuple[tuple[str, str], Any]] = {
    "publicity_days": (("公示天数（0 = 不公示）", "Days in publicity (0 = none)"), "number"),
    "publicity_threshold": (
        (
            "达到多少分需公示（0 = 只有标明的细则）",
            "Points from which every award needs publicity (0 = marked rules only)",
        ),
        "number",
    ),
    "direct_awards": (
        (
            "村两委可直接加扣分（否则每项都要先提议）",
            "The committee may award directly (else every award is a proposal)",
        ),
        "yes/no",
    ),
    "yearly_points_cap": (
        ("每户每年加分上限（0 = 不限）", "Yearly cap on points earned (0 = none)"),
        "number",
    ),
    "deduction_may_overdraw": (
        ("扣分可使可用积分为负", "A deduction may take spendable below zero"),
        "yes/no",
    ),
    "year_end": (
        ("年终未用积分", "Unspent points at year end"),
        (("carry_over", "结转", "carry over"), ("expire", "清零", "expire")),
    ),
    "star_thresholds": (
        (
            "星级门槛（荣誉积分，逗号分隔）",
            "Star thresholds (honour points, comma-separated)",
        ),
        "numbers",
    ),
    "counter_pin_required": (("兑换需户密码", "The counter asks for the household's PIN"), "yes/no"),
    "redemption_window": (
        ("兑换时间", "When the supermarket redeems"),
        (
            ("open", "随时", "any day"),
            ("closed", "暂停", "closed"),
            ("monthly_day", "每月固定日", "one day a month"),
        ),
    ),
    "redemption_day": (("每月兑换日（1–28）", "Day of the month (1–28), for one day a month"), "number"),
    "fund_points_per_100_yuan": (("每捐 100 元得分", "Points per 100 yuan given to the fund"), "number"),
    "fund_resolution_threshold_fen": (
        (
            "基金支出超过多少元须先经会议决议（四议两公开；0 = 不要求）",
            "Fund spending above this many yuan needs a meeting's resolution first (0 = never)",
        ),
        "yuan",
    ),
    "claims_per_day_max": (
        ("村民申报：每张积分卡每天最多几次（1–20）", "Residents' claims: per card per day (1–20)"),
        "number",
    ),
    "claims_per_rule_per_day_max": (
        ("村民申报：同一事项每天最多几次（1–20）", "Residents' claims: of one rule per card per day (1–20)"),
        "number",
    ),
    "red_board_size": (("红榜户数", "Households on the red list"), "number"),
    "black_board_public": (("公开黑榜", "Publish the black list"), "yes/no"),
    "board_listing_days": (("榜单展示天数", "Days a monthly list stays up"), "number"),
}


def _field(name: str, label: str, kind: Any, value: Any) -> str:
    if kind == "yes/no":
        checked = " checked" if value else ""
        return f'<label><input type="checkbox" name="{name}" value="1"{checked}>{_e(label)}</label>'
    if isinstance(kind, tuple):
        options = "".join(
            f'<option value="{_e(choice)}"{" selected" if choice == value else ""}>{_e(words(zh, en))}</option>'
            for choice, zh, en in kind
        )
        return f'<label for="{name}">{_e(label)}</label><select id="{name}" name="{name}">{options}</select>'
    shown = ", ".join(str(v) for v in value) if kind == "numbers" else ("" if value is None else value)
    if kind == "yuan":
        shown = f"{value / 100:.2f}"
    mode = "decimal" if kind == "yuan" else "numeric"
    return (
        f'<label for="{name}">{_e(label)}</label>'
        f'<input id="{name}" name="{name}" value="{_e(shown)}" inputmode="{mode}">'
    )


def policy_form(csrf_token: str, current: dict[str, Any]) -> str:
    fields = "".join(
        _field(name, words(*label), kind, current[name]) for name, (label, kind) in FIELDS.items()
    )
    explained = words(
        "每次修改都记入记录链，写明修改前后的值。",
        "Every change is an entry on the chain, with the values before and after.",
    )
    return f"""<form method="post" class="box">
{_csrf(csrf_token)}
{fields}
<button type="submit">{_e(words("保存", "Save"))}</button>
</form>
<p class="muted">{_e(explained)}</p>"""
