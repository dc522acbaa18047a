"""The happiness fund (幸福基金) page: gifts in, spending out, and this month's statement."""

from __future__ import annotations

from typing import Any

from ledger.messages import words
from ledger.web.fund_board import MEETINGS
from ledger.web.workbench import _csrf, _e

# Where a gift comes from: the stored source → (Chinese, English).
SOURCES = {
    "household": ("村民户", "a household"),
    "individual": ("个人", "a person"),
    "enterprise": ("企业", "an enterprise"),
    "government": ("政府", "government"),
    "anonymous": ("匿名", "anonymous"),
}


def yuan(fen: int) -> str:
    return f"{fen / 100:,.2f}"


# On the statement also the opening balance carried in from the old books (期初结转),
# which is no gift anyone can record on the form.
STATEMENT_SOURCES = {**SOURCES, "carried_over": ("期初结转（旧账余额）", "carried over from the old books")}


def _source_or_purpose(value: str | None) -> str:
    """A gift's source in words; a spending's purpose as the committee wrote it."""
    if value in STATEMENT_SOURCES:
        return words(*STATEMENT_SOURCES[value])
    return value or ""


def _resolution_words(resolution: dict[str, Any]) -> str:
    approved = yuan(resolution["amount_fen"])
    said = words(f"不超过 {approved} 元", f"at most {approved} yuan")
    return f"{resolution['meeting_on']} {resolution['purpose']} · {said}"


def _resolution_choice(threshold_fen: int, unused: list[dict[str, Any]]) -> str:
    """The expenditure's resolution: none (only up to the threshold, when the rule is on),
    or one of those recorded and still unused."""
    if threshold_fen:
        threshold = yuan(threshold_fen)
        plain = words(f"不按决议（不超过 {threshold} 元）", f"No resolution (up to {threshold} yuan)")
    else:
        plain = words("不按决议", "No resolution")
    options = f'<option value="">{_e(plain)}</option>' + "".join(
        f'<option value="{_e(r["resolution_id"])}">{_e(_resolution_words(r))}</option>' for r in unused
    )
    return (
        f'<label for="resolution_id">{_e(words("依据的决议", "Under the resolution"))}</label>'
        f'<select id="resolution_id" name="resolution_id">{options}</select>'
    )


def resolution_form(csrf_token: str, threshold_fen: int) -> str:
    """A meeting's resolution (四议两公开), recorded before the expenditure it approves."""
    meetings = "".join(
        f'<option value="{value}">{_e(words(*label))}</option>' for value, label in MEETINGS.items()
    )
    if threshold_fen:
        rule = words(
            f"超过 {yuan(threshold_fen)} 元的支出须先记入会议决议（四议两公开），决议和实施结果在公示栏公开。",
            f"Spending above {yuan(threshold_fen)} yuan needs its meeting's resolution first; "
            "the board posts the resolution and the result.",
        )
    else:
        rule = words(
            "本村未设须经决议的支出金额（在「政策」页设置）；也可记入决议并在支出时选定。",
            "No amount needs a resolution here (set it on the policy page); a resolution may still be recorded.",
        )
    number = 'inputmode="numeric" required pattern="[0-9]+"'
    return f"""<h2>{_e(words("支出决议", "A resolution to spend"))}</h2>
<p class="muted">{_e(rule)}</p>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="resolve">
<label for="meeting">{_e(words("会议", "Meeting"))}</label><select id="meeting" name="meeting">{meetings}</select>
<label for="meeting_on">{_e(words("会议日期", "Meeting date"))}</label><input id="meeting_on" name="meeting_on" type="date" required>
<label for="resolution_purpose">{_e(words("用途", "Purpose"))}</label><input id="resolution_purpose" name="purpose" required maxlength="100" placeholder="{_e(words("修缮村道路灯", "Mending the street lights"))}">
<label for="resolution_amount">{_e(words("批准金额上限（元）", "At most (yuan)"))}</label><input id="resolution_amount" name="amount" required inputmode="decimal" placeholder="8000.00">
<label for="entitled">{_e(words("应到人数", "Entitled to attend"))}</label><input id="entitled" name="entitled" {number}>
<label for="attended">{_e(words("实到人数", "Attended"))}</label><input id="attended" name="attended" {number}>
<label for="voted_for">{_e(words("同意人数", "Voted for"))}</label><input id="voted_for" name="voted_for" {number}>
<label for="resolution_note">{_e(words("说明（如四议过程）", "Note (the earlier deliberations, say)"))}</label><input id="resolution_note" name="note" maxlength="500">
<button type="submit">{_e(words("记入决议", "Record the resolution"))}</button>
</form>"""


def withdrawal_forms(csrf_token: str, unused: list[dict[str, Any]]) -> str:
    """Each unused resolution's withdraw button, with its reason: for one recorded in error
    (a wrong amount, the wrong meeting), before anything is paid under it."""
    if not unused:
        return ""
    forms = "".join(
        f"""<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="withdraw">
<input type="hidden" name="resolution_id" value="{_e(r["resolution_id"])}">
<p>{_e(_resolution_words(r))}</p>
<label for="withdraw_reason_{index}">{_e(words("撤回原因", "Why it is withdrawn"))}</label><input id="withdraw_reason_{index}" name="reason" required minlength="2" maxlength="500" placeholder="{_e(words("金额录错", "The amount was typed wrong"))}">
<button type="submit">{_e(words("撤回这项决议", "Withdraw this resolution"))}</button>
</form>"""
        for index, r in enumerate(unused)
    )
    explained = words(
        "记错的决议，在没有支出用它之前可以撤回：撤回记入记录链，公示栏不再公开它，支出也不能再选它。",
        "A resolution recorded in error may be withdrawn before any spending uses it: the withdrawal "
        "is chained, the board no longer posts it and no spending can name it.",
    )
    return f"""<h2>{_e(words("撤回记错的决议", "Withdraw a resolution recorded in error"))}</h2>
<p class="muted">{_e(explained)}</p>
{forms}"""


def fund_page(
    csrf_token: str,
    statement: dict[str, Any],
    threshold_fen: int = 0,
    unused: list[dict[str, Any]] | None = None,
    posters: str = "",
) -> str:
    """`posters`: the fund poster's links (poster_links), for the treasurer to post the
    statement in the village's WeChat group in one tap."""
    gets_points = words("（得积分）", " (gets points)")
    sources = "".join(
        f'<option value="{value}">{_e(words(*label))}{_e(gets_points) if value == "household" else ""}</option>'
        for value, label in SOURCES.items()
    )
    entries = "".join(
        f"<tr><td>{_e(e['occurred_on'])}</td><td>{_e(_source_or_purpose(e['source_or_purpose']))}</td>"
        f"<td>{_e(e['party'])}</td><td>{_e(yuan(e['amount_fen']))}</td></tr>"
        for e in statement["entries"]
    )
    opening, closing = yuan(statement["opening_balance_fen"]), yuan(statement["closing_balance_fen"])
    money_in, money_out = yuan(statement["in_fen"]), yuan(statement["out_fen"])
    summary = words(
        f"期初 {_e(opening)} 元 · 收入 {_e(money_in)} 元 · 支出 {_e(money_out)} 元 · 期末 <b>{_e(closing)}</b> 元",
        f"opening {_e(opening)} yuan · in {_e(money_in)} · out {_e(money_out)} · closing <b>{_e(closing)}</b> yuan",
    )
    nothing = _e(words("本月暂无", "None this month"))
    return f"""
<div class="box"><p><b>{_e(statement["month"])}</b> {summary}</p>
<table><tr><th>{_e(words("日期", "date"))}</th><th>{_e(words("来源/用途", "source or purpose"))}</th><th>{_e(words("捐赠人/收款方", "donor or payee"))}</th><th>{_e(words("金额（元）", "amount (yuan)"))}</th></tr>
{entries or f'<tr><td colspan="4" class="muted">{nothing}</td></tr>'}</table>
<p>{_e(words("发到微信群的海报", "A poster for the WeChat group"))}</p>{posters}</div>
<h2>{_e(words("收到捐赠", "A gift to the fund"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="contribute">
<label for="source">{_e(words("来自", "From"))}</label><select id="source" name="source">{sources}</select>
<label for="number">{_e(words("户号（村民户捐赠时）", "Household number (a household's gift)"))}</label><input id="number" name="number" maxlength="40" placeholder="001">
<label for="donor">{_e(words("捐赠人（个人、企业、政府）", "Donor (person, enterprise, government)"))}</label><input id="donor" name="donor" maxlength="100">
<label for="gift_amount">{_e(words("金额（元）", "Amount (yuan)"))}</label><input id="gift_amount" name="amount" required inputmode="decimal" placeholder="200.00">
<label for="method">{_e(words("方式", "Paid by"))}</label>
<select id="method" name="method"><option value="cash">{_e(words("现金", "cash"))}</option><option value="transfer">{_e(words("转账", "transfer"))}</option></select>
<label for="gift_note">{_e(words("说明", "Note"))}</label><input id="gift_note" name="note" maxlength="500">
<button type="submit">{_e(words("记入", "Record"))}</button>
</form>
{resolution_form(csrf_token, threshold_fen)}
{withdrawal_forms(csrf_token, unused or [])}
<h2>{_e(words("基金支出", "Spending from the fund"))}</h2>
<form method="post" class="box" enctype="multipart/form-data">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="spend">
{_resolution_choice(threshold_fen, unused or [])}
<label for="purpose">{_e(words("用途", "Purpose"))}</label><input id="purpose" name="purpose" required maxlength="100" placeholder="{_e(words("采购爱心超市大米", "Rice for the supermarket"))}">
<label for="payee">{_e(words("收款方", "Payee"))}</label><input id="payee" name="payee" required maxlength="100" placeholder="{_e(words("镇供销社", "Township co-operative"))}">
<label for="spend_amount">{_e(words("金额（元）", "Amount (yuan)"))}</label><input id="spend_amount" name="amount" required inputmode="decimal" placeholder="1500.00">
<label for="spend_note">{_e(words("说明", "Note"))}</label><input id="spend_note" name="note" maxlength="500">
<label for="receipt">{_e(words("票据照片（按决议的支出，在公示栏公开）", "Receipt photo (spending under a resolution; posted on the board)"))}</label>
<input id="receipt" name="receipt" type="file" accept="image/jpeg,image/png,image/webp">
<button type="submit">{_e(words("记入", "Record"))}</button>
</form>"""  # noqa: S608 HTML with a <select>, not SQL
