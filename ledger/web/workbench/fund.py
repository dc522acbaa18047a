"""The happiness fund (幸福基金) page: gifts in, spending out, and this month's statement."""

from __future__ import annotations

from typing import Any

from ledger.web.workbench import _csrf, _e

SOURCES = (
    ("household", "村民户 a household (gets points)"),
    ("individual", "个人 a person"),
    ("enterprise", "企业 an enterprise"),
    ("government", "政府 government"),
    ("anonymous", "匿名 anonymous"),
)


def yuan(fen: int) -> str:
    return f"{fen / 100:,.2f}"


def fund_page(csrf_token: str, statement: dict[str, Any]) -> str:
    sources = "".join(f'<option value="{value}">{_e(label)}</option>' for value, label in SOURCES)
    entries = "".join(
        f"<tr><td>{_e(e['occurred_on'])}</td><td>{_e(e['source_or_purpose'])}</td><td>{_e(e['party'])}</td>"
        f"<td>{_e(yuan(e['amount_fen']))}</td></tr>"
        for e in statement["entries"]
    )
    return f"""
<div class="box"><p><b>{_e(statement["month"])}</b> 期初 opening {_e(yuan(statement["opening_balance_fen"]))} 元 ·
收入 in {_e(yuan(statement["in_fen"]))} · 支出 out {_e(yuan(statement["out_fen"]))} ·
期末 closing <b>{_e(yuan(statement["closing_balance_fen"]))}</b> 元</p>
<table><tr><th>日期 date</th><th>来源/用途</th><th>捐赠人/收款方</th><th>金额 元</th></tr>
{entries or '<tr><td colspan="4" class="muted">本月暂无 None this month</td></tr>'}</table></div>
<h2>收到捐赠 A gift to the fund</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="contribute">
<label for="source">来自 From</label><select id="source" name="source">{sources}</select>
<label for="number">户号（村民户捐赠时）Household number (a household's gift)</label><input id="number" name="number" maxlength="40">
<label for="donor">捐赠人（个人、企业、政府）Donor (person, enterprise, government)</label><input id="donor" name="donor" maxlength="100">
<label for="gift_amount">金额（元）Amount (yuan)</label><input id="gift_amount" name="amount" required inputmode="decimal" placeholder="200.00">
<label for="method">方式 Paid by</label>
<select id="method" name="method"><option value="cash">现金 cash</option><option value="transfer">转账 transfer</option></select>
<label for="gift_note">说明 Note</label><input id="gift_note" name="note" maxlength="500">
<button type="submit">记入 Record</button>
</form>
<h2>基金支出 Spending from the fund</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="spend">
<label for="purpose">用途 Purpose</label><input id="purpose" name="purpose" required maxlength="100" placeholder="采购爱心超市大米">
<label for="payee">收款方 Payee</label><input id="payee" name="payee" required maxlength="100" placeholder="镇供销社">
<label for="spend_amount">金额（元）Amount (yuan)</label><input id="spend_amount" name="amount" required inputmode="decimal">
<label for="spend_note">说明 Note</label><input id="spend_note" name="note" maxlength="500">
<button type="submit">记入 Record</button>
</form>"""  # noqa: S608 HTML with a <select>, not SQL
