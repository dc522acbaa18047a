"""Households and cards for the committee, and the overview of many communities."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ledger.web.workbench import _csrf, _e
from ledger.web.workbench.sheets import sheet_import


def households(
    csrf_token: str, community_id: str, rows: Iterable[dict[str, Any]], report: dict[str, Any] | None
) -> str:
    listed = "".join(
        f"""<tr><td><label><input type="checkbox" name="household_id" value="{_e(h["household_id"])}" form="cards">
{_e(h["number"])}</label></td><td>{_e(h["head_name"])}</td><td>{_e(h["spendable"])}</td>
<td>{"" if h["status"] == "active" else _e(HOUSEHOLD_STATUS.get(h["status"], h["status"]))}</td></tr>"""
        for h in rows
    )
    return f"""
<p><a href="/staff/{_e(community_id)}/households/roster.xlsx">下载花名册 Excel Download the roster (.xlsx)</a></p>
<form id="cards" method="post" action="/staff/{_e(community_id)}/households/cards" target="_blank">
{_csrf(csrf_token)}
<p class="muted">勾选后打印新卡（旧卡随即作废），A4 每页 8 张。Tick households, then print new cards
(their old cards stop working), eight on an A4 page.</p>
<button type="submit">打印积分卡 Print cards (PDF)</button>
</form>
<div class="box households-table"><table><tr><th>户号 number</th><th>户主 head</th><th>可用 spendable</th><th></th></tr>
{listed or '<tr><td colspan="4" class="muted">尚无在册户 No households yet</td></tr>'}</table></div>
<h2>登记新户 Register a household</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="register">
<label for="number">户号 Number</label><input id="number" name="number" required maxlength="40" placeholder="3-018">
<label for="head_name">户主姓名 Head of household</label><input id="head_name" name="head_name" required maxlength="60">
<button type="submit">登记 Register</button>
</form>
{sheet_import(csrf_token, "导入花名册 Import the roster (.xlsx / CSV)", report)}"""


HOUSEHOLD_STATUS = {"moved_out": "已迁出 moved out", "closed": "已注销 closed"}


def overview(rows: Iterable[dict[str, Any]]) -> str:
    """One box a community: a phone shows them one under another."""
    boxes = "".join(
        f"""<div class="box"><p><b>{_e(r["name"])}</b> <span class="muted">{_e(r["township"] or "")}</span></p>
<table>
<tr><td>在册户 households</td><td>{_e(r["households"])}</td></tr>
<tr><td>近30天参与户 active, last 30 days</td><td>{_e(r["households_active_30_days"])}</td></tr>
<tr><td>本月加分 awarded this month</td><td>{_e(r["awarded_this_month"])}</td></tr>
<tr><td>本月兑换 redeemed this month</td><td>{_e(r["redeemed_this_month"])}</td></tr>
<tr><td>幸福基金 fund (元)</td><td>{_e(f"{(r['fund_fen'] or 0) / 100:,.2f}")}</td></tr>
<tr><td>公示中 in publicity</td><td>{_e(r["in_publicity"])}</td></tr>
<tr><td>待处理异议 open objections</td><td>{_e(r["open_objections"])}</td></tr>
<tr><td>记录链 chain</td><td>#{_e(r["head_seq"])} · {_e(r["head_hash"].hex()[:12])}</td></tr>
</table></div>"""
        for r in rows
    )
    return boxes or '<p class="muted">暂无 None</p>'
