"""Households and cards for the committee, and the overview of many communities."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ledger.domain.addresses import is_loopback
from ledger.messages import words
from ledger.web.workbench import _csrf, _e
from ledger.web.workbench.sheets import sheet_import


def card_print_confirmation(card_address: str) -> str:
    """Printing replaces cards: the committee says it knows; and a card printed with an
    address only this machine can open (127.0.0.1) would be a dead QR code on every door."""
    replace = f"""<label><input type="checkbox" name="replace_confirmed" value="yes" required>
{_e(words("我知道：已有卡的户，打印新卡后旧卡立即作废", "I understand: households that have a card get a new one, and the old one stops working at once"))}</label>"""
    if not is_loopback(card_address):
        return (
            f'<p class="muted">{_e(words("卡上印的地址", "Address printed on the cards"))}: <b>{_e(card_address)}</b></p>'
            + replace
        )
    return f"""<p class="error">{
        _e(
            words(
                f"卡上会印 {card_address}：这个地址只有本机能打开，村民的手机扫不开。请用 ops/run --lan 启动，或设置 LEDGER_PUBLIC_URL 为手机能打开的地址。",
                f"The cards would print {card_address}: only this machine can open it, residents' phones cannot. Start with ops/run --lan, or set LEDGER_PUBLIC_URL to an address phones can open.",
            )
        )
    }</p>
<label><input type="checkbox" name="allow_loopback" value="yes">{
        _e(words("仍然打印（仅供本机测试）", "Print anyway (for testing on this machine only)"))
    }</label>
{replace}"""


def households(
    csrf_token: str,
    community_id: str,
    rows: Iterable[dict[str, Any]],
    report: dict[str, Any] | None,
    card_address: str,
) -> str:
    listed = "".join(
        f"""<tr><td><label><input type="checkbox" name="household_id" value="{_e(h["household_id"])}" form="cards">
{_e(h["number"])}</label></td><td>{_e(h["head_name"])}</td><td>{_e(h["spendable"])}</td>
<td>{_e(h.get("group_name") or "")}{_e(" · " + h["grid_name"]) if h.get("grid_name") else ""}</td>
<td>{"" if h["status"] == "active" else _e(_status(h["status"]))}</td></tr>"""
        for h in rows
    )
    no_households = _e(words("尚无在册户", "No households yet"))
    how_cards_print = words(
        "勾选后打印新卡（旧卡随即作废），A4 每页 8 张。",
        "Tick households, then print new cards (their old cards stop working), eight on an A4 page.",
    )
    return f"""
<p><a href="/staff/{_e(community_id)}/households/roster.xlsx">{_e(words("下载花名册（Excel .xlsx）", "Download the roster (.xlsx)"))}</a></p>
<form id="cards" method="post" action="/staff/{_e(community_id)}/households/cards" target="_blank">
{_csrf(csrf_token)}
<p class="muted">{_e(how_cards_print)}</p>
{card_print_confirmation(card_address)}
<button type="submit">{_e(words("打印积分卡（PDF）", "Print cards (PDF)"))}</button>
</form>
<div class="box households-table"><table><tr><th>{_e(words("户号", "number"))}</th><th>{_e(words("户主", "head"))}</th><th>{_e(words("可用积分", "spendable"))}</th><th>{_e(words("小组 · 网格", "group · grid"))}</th><th></th></tr>
{listed or f'<tr><td colspan="5" class="muted">{no_households}</td></tr>'}</table></div>
<h2>{_e(words("登记新户", "Register a household"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="register">
<label for="number">{_e(words("户号", "Number"))}</label><input id="number" name="number" required maxlength="40" placeholder="051">
<label for="head_name">{_e(words("户主姓名", "Head of household"))}</label><input id="head_name" name="head_name" required maxlength="60">
<button type="submit">{_e(words("登记", "Register"))}</button>
</form>
{sheet_import(csrf_token, words("导入花名册（.xls / .xlsx / .ods / CSV）", "Import the roster (.xls / .xlsx / .ods / CSV)"), report)}"""


HOUSEHOLD_STATUS = {"moved_out": ("已迁出", "moved out"), "closed": ("已注销", "closed")}


def _status(status: str) -> str:
    zh, en = HOUSEHOLD_STATUS.get(status, (status, status))
    return words(zh, en)


def overview(rows: Iterable[dict[str, Any]]) -> str:
    """One box a community: a phone shows them one under another."""
    boxes = "".join(_overview_box(r) for r in rows)
    return boxes or f'<p class="muted">{_e(words("暂无", "None"))}</p>'


# The overview's figures, in order: the row's key → (Chinese, English).
OVERVIEW_FIGURES = {
    "households": ("在册户", "households"),
    "households_active_30_days": ("近30天参与户", "active, last 30 days"),
    "awarded_this_month": ("本月加分", "awarded this month"),
    "redeemed_this_month": (
        "本月兑换（已撤销、冲正的不计）",
        "redeemed this month (cancelled and reversed redemptions not counted)",
    ),
    "fund_fen": ("幸福基金（元）", "fund (yuan)"),
    "in_publicity": ("公示中", "in publicity"),
    "open_objections": ("待处理异议", "open objections"),
}


def _overview_box(row: dict[str, Any]) -> str:
    figures = "".join(
        f"<tr><td>{_e(words(*label))}</td><td>{_e(_overview_figure(key, row[key]))}</td></tr>"
        for key, label in OVERVIEW_FIGURES.items()
    )
    chain = f"#{row['head_seq']} · {row['head_hash'].hex()[:12]}"
    return f"""<div class="box"><p><b>{_e(row["name"])}</b> <span class="muted">{_e(row["township"] or "")}</span></p>
<table>
{figures}
<tr><td>{_e(words("记录链", "record chain"))}</td><td>{_e(chain)}</td></tr>
</table></div>"""


def _overview_figure(key: str, value: Any) -> str:
    if key == "fund_fen":
        return f"{(value or 0) / 100:,.2f}"
    return str(value)
