"""The happiness fund (幸福基金) page: gifts in, spending out, and this month's statement."""

from __future__ import annotations

from typing import Any

from ledger.messages import words
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


def fund_page(csrf_token: str, statement: dict[str, Any]) -> str:
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
{entries or f'<tr><td colspan="4" class="muted">{nothing}</td></tr>'}</table></div>
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
<h2>{_e(words("基金支出", "Spending from the fund"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="spend">
<label for="purpose">{_e(words("用途", "Purpose"))}</label><input id="purpose" name="purpose" required maxlength="100" placeholder="{_e(words("采购爱心超市大米", "Rice for the supermarket"))}">
<label for="payee">{_e(words("收款方", "Payee"))}</label><input id="payee" name="payee" required maxlength="100" placeholder="{_e(words("镇供销社", "Township co-operative"))}">
<label for="spend_amount">{_e(words("金额（元）", "Amount (yuan)"))}</label><input id="spend_amount" name="amount" required inputmode="decimal" placeholder="1500.00">
<label for="spend_note">{_e(words("说明", "Note"))}</label><input id="spend_note" name="note" maxlength="500">
<button type="submit">{_e(words("记入", "Record"))}</button>
</form>"""  # noqa: S608 HTML with a <select>, not SQL
