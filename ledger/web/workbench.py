"""The points workbench pages (server-rendered, no script needed, a phone is enough):
scorers propose, the committee decides, the supervision committee rules on objections.
Every value is escaped; every form carries the session's CSRF token."""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterable
from functools import cache
from importlib import resources
from string import Template
from typing import Any

PAGES = {
    # path under /staff/{community}/ → (title, the roles that may open it)
    "counter": ("超市收银 Counter", frozenset({"counter"})),
    "propose": ("提议加扣分 Propose", frozenset({"scorer", "committee"})),
    "review": ("审核提议 Review proposals", frozenset({"committee", "supervisor"})),
    "objections": ("异议处理 Objections", frozenset({"supervisor"})),
    "supervision": ("监督提示与冲正 Flags and reversals", frozenset({"supervisor"})),
    # supervisors grant honours to staff members' own households only
    "honours": ("荣誉与年终结算 Honours and year end", frozenset({"committee", "supervisor"})),
    "rules": ("积分细则 Rule catalog", frozenset({"committee"})),
    "households": ("户籍与积分卡 Households and cards", frozenset({"committee", "admin"})),
    # the counter receives, writes off and counts stock; the committee also keeps the catalog
    "goods": ("商品与库存 Goods and stock", frozenset({"counter", "committee"})),
}

# Each flag of the supervision view: its heading, and its columns (key → label).
FLAG_TABLES = {
    "concentrated_awards": (
        "加分集中于少数户 Awards concentrated on a few households",
        {
            "username": "经办 by",
            "number": "户 household",
            "times": "次 times",
            "total": "共 of",
            "share": "占比 share",
        },
    ),
    "just_under_publicity_threshold": (
        "多次略低于公示线 Repeatedly just under the publicity threshold",
        {"username": "经办 by", "times": "次 times", "lowest": "最低 lowest", "highest": "最高 highest"},
    ),
    "awards_to_staff_households": (
        "工作人员本户加分 Awards to staff households",
        {
            "seq": "#",
            "occurred_on": "日期 date",
            "number": "户 household",
            "points": "分 points",
            "staff_member": "工作人员 staff",
            "given_by": "经办 by",
        },
    ),
    "cancellations_and_reversals": (
        "同一人多次撤销冲正 One person's cancellations and reversals",
        {"username": "经办 by", "cancellations": "撤销 cancelled", "reversals": "冲正 reversed"},
    ),
}


@cache
def _template() -> Template:
    return Template(resources.files("ledger.web").joinpath("templates", "workbench.html").read_text("utf-8"))


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _points(points: int) -> str:
    return f'<span class="plus">+{points}</span>' if points > 0 else f'<span class="minus">{points}</span>'


def _csrf(token: str) -> str:
    return f'<input type="hidden" name="csrf_token" value="{_e(token)}">'


def page(
    *,
    title: str,
    community: str,
    community_id: str,
    username: str,
    roles: frozenset[str],
    body: str,
    message: str = "",
    error: bool = False,
) -> str:
    nav = "".join(
        f'<a href="/staff/{_e(community_id)}/{path}">{_e(label)}</a>'
        for path, (label, allowed) in PAGES.items()
        if roles & allowed
    )
    shown = f'<p class="{"error" if error else "done"}">{_e(message)}</p>' if message else ""
    return _template().substitute(
        title=_e(title),
        community=_e(community),
        username=_e(username),
        nav='<a href="/staff">工作台 Workbench</a>' + nav,
        message=shown,
        body=body,
    )


def counter_scan(csrf_token: str, community_id: str, sales: Iterable[dict[str, Any]]) -> str:
    """The first screen: the card field has the focus, so a USB scanner (it types the card's
    URL and Enter) or a typed short code looks the household up at once."""
    rows = "".join(
        f"""<tr><td><a href="/staff/{_e(community_id)}/receipts/{_e(s["seq"])}">{_e(s["seq"])}</a></td>
<td>{_e(s["number"])}</td><td>{_e(s["points"])}</td>
<td>{"已撤销 cancelled" if s["cancelled"] else _cancel_form(csrf_token, s["seq"])}</td></tr>"""
        for s in sales
    )
    return f"""
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="lookup">
<label for="card">扫卡或输入卡号 Scan the card or type its code</label>
<input id="card" name="card" required maxlength="300" autofocus autocomplete="off" placeholder="K7MX-3PQA">
<button type="submit">查询 Look up</button>
</form>
<h2>我今天的兑换 My sales today</h2>
<div class="box"><table><tr><th>小票 receipt</th><th>户 household</th><th>分 points</th><th></th></tr>
{rows or '<tr><td colspan="4" class="muted">暂无 None yet</td></tr>'}</table></div>"""


def _cancel_form(csrf_token: str, seq: int) -> str:
    return f"""<form method="post">{_csrf(csrf_token)}
<input type="hidden" name="action" value="cancel"><input type="hidden" name="seq" value="{_e(seq)}">
<input name="reason" required minlength="2" maxlength="500" placeholder="撤销原因 reason" style="width:9rem">
<button type="submit" class="quiet">撤销 Cancel</button></form>"""


def counter_cart(
    csrf_token: str,
    card: str,
    household: dict[str, Any],
    goods: Iterable[dict[str, Any]],
    pin_required: bool,
    idempotency_key: str,
) -> str:
    """The second screen: who it is, what they can spend, and the shelf with quantities.
    The form carries its own Idempotency-Key: pressing twice sells once."""
    shelf = "".join(
        f"""<tr><td>{_e(g["name"])}<br><span class="muted">{_e(g["code"])} · {_e(g["unit"])} · 库存 {_e(g["stock"])}</span></td>
<td>{_e(g["points"])} 分</td>
<td><input name="quantity_{_e(g["goods_id"])}" type="number" min="0" max="{_e(min(g["stock"], 99))}" value="0" style="width:4.5rem"></td></tr>"""
        for g in goods
    )
    pin = (
        '<label for="pin">户密码 Household PIN</label>'
        '<input id="pin" name="pin" inputmode="numeric" pattern="[0-9]{4}" maxlength="4" required autocomplete="off">'
        if pin_required
        else ""
    )
    return f"""
<div class="box"><p>户 <b>{_e(household["number"])} {_e(household["head_name"])}</b><br>
可用积分 Spendable <b style="font-size:1.4rem">{_e(household["spendable"])}</b>
<span class="muted">· 公示中 pending {_e(household["pending"])}</span></p></div>
<form method="post">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="sell">
<input type="hidden" name="card" value="{_e(card)}">
<input type="hidden" name="idempotency_key" value="{_e(idempotency_key)}">
<div class="box"><table><tr><th>商品 goods</th><th>单价 each</th><th>数量 quantity</th></tr>
{shelf or '<tr><td colspan="3" class="muted">货架上没有商品 Nothing on the shelf</td></tr>'}</table></div>
{pin}
<button type="submit">兑换 Redeem</button>
</form>
<form method="get"><button type="submit" class="quiet">换一户 Next household</button></form>"""


def propose_form(
    csrf_token: str,
    rules: Iterable[dict[str, Any]],
    households: Iterable[dict[str, Any]],
    today: datetime.date,
) -> str:
    options = "".join(
        f'<option value="{_e(rule["rule_id"])}">{_e(rule["code"])} {_e(rule["name"])} '
        f"({'+' if rule['points'] > 0 else ''}{_e(rule['points'])}"
        f"{'，需证据 photo needed' if rule['needs_evidence'] else ''})</option>"
        for rule in rules
    )
    boxes = "".join(
        f'<label><input type="checkbox" name="household_id" value="{_e(h["household_id"])}">'
        f"{_e(h['number'])} {_e(h['head_name'])}</label>"
        for h in households
    )
    return f"""
<form method="post" enctype="multipart/form-data">
{_csrf(csrf_token)}
<label for="rule_id">事项 Rule</label>
<select id="rule_id" name="rule_id" required>{options}</select>
<div class="box">
<label>户 Households</label>
<p class="muted">勾选，或输入户号（空格、逗号或换行分隔），一次最多 500 户。
Tick them, or type household numbers separated by spaces, commas or lines; up to 500.</p>
<textarea name="numbers" rows="3" placeholder="1-001, 1-002, 2-015"></textarea>
<label><input type="checkbox" name="everyone" value="1">全部在册户 Every active household</label>
<div class="households">{boxes or '<p class="muted">暂无在册户 No households yet</p>'}</div>
</div>
<label for="note">说明 Note</label>
<input id="note" name="note" maxlength="500" placeholder="11月20日环境整治">
<label for="occurred_on">日期 Date it happened</label>
<input id="occurred_on" name="occurred_on" type="date" value="{_e(today.isoformat())}" max="{_e(today.isoformat())}">
<label for="photo">照片 Photo (JPEG/PNG/WebP)</label>
<input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp">
<button type="submit">提交 Propose</button>
</form>"""


def review_list(csrf_token: str, community_id: str, batches: list[dict[str, Any]]) -> str:
    if not batches:
        return '<p class="muted">没有待审核的提议 Nothing is waiting for a decision.</p>'
    parts = []
    for batch in batches:
        count = batch["households"]
        numbers = "、".join(_e(n) for n in batch["numbers"])
        more = f" … 共 {count} 户 ({count} households)" if count > len(batch["numbers"]) else ""
        evidence = (
            f'<a href="/staff/{_e(community_id)}/proposals/{_e(batch["first_proposal"])}/evidence">照片 photo</a>'
            if batch["has_evidence"]
            else ("<b>缺证据 photo missing</b>" if batch["needs_evidence"] else "无照片 no photo")
        )
        parts.append(f"""
<div class="box">
<p><b>{_e(batch["rule_code"])} {_e(batch["rule_name"])}</b> {_points(batch["points"])} ×
{_e(count)} 户 · {_e(batch["occurred_on"] or "")}<br>
<span class="muted">提议人 by {_e(batch["proposer"] or "")} · {_e(batch["note"] or "")} · {evidence}</span></p>
<p>{numbers}{_e(more)}</p>
<form method="post">
{_csrf(csrf_token)}
<input type="hidden" name="batch_id" value="{_e(batch["batch_id"])}">
<input type="hidden" name="households" value="{_e(count)}">
<input name="reason" maxlength="500" placeholder="意见 Reason (optional)">
<button type="submit" name="decision" value="approve">通过 Approve</button>
<button type="submit" name="decision" value="reject" class="quiet">驳回 Reject</button>
</form>
</div>""")
    return "".join(parts)


def objection_list(csrf_token: str, objections: Iterable[dict[str, Any]]) -> str:
    parts = [
        f"""
<div class="box">
<p>公示 #{_e(o["award_seq"])} · 户 {_e(o["number"])} · {_points(o["points"])} · 公示至 until {_e(o["ends_on"])}<br>
<span class="muted">来自 via {_e(o["via"])}</span></p>
<p>“{_e(o["reason"])}”</p>
<form method="post">
{_csrf(csrf_token)}
<input type="hidden" name="objection_id" value="{_e(o["objection_id"])}">
<input name="reason" required minlength="2" maxlength="500" placeholder="核实情况 What was found (required)">
<button type="submit" name="decision" value="uphold">异议成立 Uphold (award rejected)</button>
<button type="submit" name="decision" value="dismiss" class="quiet">驳回异议 Dismiss</button>
</form>
</div>"""
        for o in objections
    ]
    return "".join(parts) or '<p class="muted">没有待处理的异议 No open objections.</p>'


def supervision(csrf_token: str, flags: dict[str, Any]) -> str:
    parts = [f'<p class="muted">自 {_e(flags["since"])} 起 · since {_e(flags["since"])}</p>']
    for key, (heading, columns) in FLAG_TABLES.items():
        rows = flags[key]
        parts.append(f"<h2>{_e(heading)}</h2>")
        if not rows:
            parts.append('<p class="muted">无 None</p>')
            continue
        head = "".join(f"<th>{_e(label)}</th>" for label in columns.values())
        body = "".join("<tr>" + "".join(f"<td>{_e(row[c])}</td>" for c in columns) + "</tr>" for row in rows)
        parts.append(f'<div class="box"><table><tr>{head}</tr>{body}</table></div>')
    parts.append(f"""
<h2>冲正 Reverse an entry</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<label for="event_seq">记录编号 Entry number (seq)</label>
<input id="event_seq" name="event_seq" inputmode="numeric" pattern="[0-9]+" required>
<label for="reason">原因 Reason</label>
<input id="reason" name="reason" required minlength="2" maxlength="500" placeholder="重复录入">
<button type="submit">冲正 Reverse</button>
</form>""")
    return "".join(parts)


def honours_and_year_end(
    csrf_token: str, today: datetime.date, year_end: str, settlements: Iterable[dict[str, Any]]
) -> str:
    done = "".join(
        f"<tr><td>{_e(s['year'])}</td><td>{_e(YEAR_END_LABELS.get(s['policy'], s['policy']))}</td>"
        f"<td>{_e(s['households'])}</td><td>{_e(s['points_expired'])}</td><td>#{_e(s['seq'])}</td></tr>"
        for s in settlements
    )
    return f"""
<h2>授予荣誉 Grant an honour</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="honour">
<label for="number">户号 Household number</label>
<input id="number" name="number" required maxlength="40" placeholder="3-017">
<label for="title">称号 Title</label>
<select id="title" name="title"><option>文明家庭</option><option>道德模范</option></select>
<label for="year">年度 Year</label>
<input id="year" name="year" inputmode="numeric" pattern="[0-9]{{4}}" value="{today.year}" required>
<label for="note">说明 Note</label>
<input id="note" name="note" maxlength="500" placeholder="村民代表大会评选">
<button type="submit">授予 Grant (奖励积分经公示后生效 the bonus goes through publicity)</button>
</form>
<h2>年终结算 Year-end settlement</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="settle">
<p class="muted">本村政策 Policy: {_e(YEAR_END_LABELS.get(year_end, year_end))}。每年只结算一次，荣誉积分不受影响。
Once per year; the honour score is never touched.</p>
<label for="settle_year">结算年度 Year to settle</label>
<input id="settle_year" name="year" inputmode="numeric" pattern="[0-9]{{4}}" value="{today.year - 1}" required>
<button type="submit">结算 Settle</button>
</form>
<div class="box"><table><tr><th>年度 year</th><th>政策 policy</th><th>户 households</th><th>清零积分 expired</th><th>记录 entry</th></tr>
{done or '<tr><td colspan="5" class="muted">尚未结算 None yet</td></tr>'}</table></div>"""


def rule_catalog(
    csrf_token: str, community_id: str, rules: Iterable[dict[str, Any]], report: dict[str, Any] | None
) -> str:
    rows = "".join(
        f"""<tr><td>{_e(r["code"])}</td><td>{_e(r["name"])}<br><span class="muted">{_e(r["category"])}</span></td>
<td>{_points(r["points"])}</td>
<td>{"公示" if r["needs_publicity"] else ""} {"证据" if r["needs_evidence"] else ""}</td>
<td>{"在用 active" if r["status"] == "active" else "已停用 retired"}</td>
<td>{_rule_actions(csrf_token, r) if r["status"] == "active" else ""}</td></tr>"""
        for r in rules
    )
    shown_report = import_report(report)
    return f"""
<p><a href="/staff/{_e(community_id)}/rules/catalog.xlsx">下载细则 Excel Download the catalog (.xlsx)</a></p>
<div class="box"><table><tr><th>编码 code</th><th>名称 name</th><th>分 points</th><th>需 needs</th><th>状态 status</th><th></th></tr>
{rows or '<tr><td colspan="6" class="muted">尚无细则 No rules yet</td></tr>'}</table></div>
<h2>新增细则 Define a rule</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="define">
<label for="code">编码 Code</label><input id="code" name="code" required maxlength="20" placeholder="R16">
<label for="name">名称 Name</label><input id="name" name="name" required maxlength="100" placeholder="参加义务献血">
<label for="category">类别 Category</label><input id="category" name="category" maxlength="40" placeholder="公益">
<label for="points">积分 Points (扣分填负数 negative for the black list)</label>
<input id="points" name="points" required inputmode="numeric" pattern="-?[0-9]+" placeholder="10">
<label><input type="checkbox" name="needs_publicity" value="1">需公示 Needs publicity</label>
<label><input type="checkbox" name="needs_evidence" value="1">需照片证据 Needs photo evidence</label>
<button type="submit">保存 Save</button>
</form>
<h2>导入细则 Import the catalog (.xlsx / CSV)</h2>
<form method="post" enctype="multipart/form-data" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="import">
<input name="file" type="file" required accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
<label><input type="checkbox" name="dry_run" value="1" checked>只检查不导入 Check only</label>
<button type="submit">上传 Upload</button>
</form>
{shown_report}"""


def import_report(report: dict[str, Any] | None) -> str:
    """A sheet import's problems, row by row, as the spreadsheet numbers them."""
    if not report or not report["problems"]:
        return ""
    rows = "".join(
        f"<tr><td>{_e(p['row'])}</td><td>{_e(p['column'])}</td><td>{_e(p['value'])}</td><td>{_e(p['problem'])}</td></tr>"
        for p in report["problems"]
    )
    return (
        '<div class="box"><table><tr><th>行 row</th><th>列 column</th><th>内容 value</th><th>问题 problem</th></tr>'
        f"{rows}</table></div>"
    )


def _rule_actions(csrf_token: str, rule: dict[str, Any]) -> str:
    return f"""<form method="post">
{_csrf(csrf_token)}
<input type="hidden" name="rule_id" value="{_e(rule["rule_id"])}">
<input name="points" inputmode="numeric" pattern="-?[0-9]+" value="{_e(rule["points"])}" aria-label="新积分 new points" style="width:5rem">
<button type="submit" name="action" value="change" class="quiet">改分 Change</button>
<button type="submit" name="action" value="retire" class="quiet">停用 Retire</button>
</form>"""


YEAR_END_LABELS = {"carry_over": "结转 carry over", "expire": "清零 expire"}


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
<h2>导入花名册 Import the roster (.xlsx / CSV)</h2>
<form method="post" enctype="multipart/form-data" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="import">
<input name="file" type="file" required accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
<label><input type="checkbox" name="dry_run" value="1" checked>只检查不导入 Check only</label>
<button type="submit">上传 Upload</button>
</form>
{import_report(report)}"""


def goods_and_stock(
    csrf_token: str,
    community_id: str,
    goods: list[dict[str, Any]],
    catalog_keeper: bool,
    report: dict[str, Any] | None,
) -> str:
    active = [g for g in goods if g["status"] == "active"]
    options = "".join(
        f'<option value="{_e(g["goods_id"])}">{_e(g["code"])} {_e(g["name"])}（库存 {_e(g["stock"])}）</option>'
        for g in active
    )
    rows = "".join(
        f"""<tr><td>{_e(g["code"])}</td><td>{_e(g["name"])}<br><span class="muted">{_e(g["category"])} · {_e(g["unit"])}</span></td>
<td>{_e(g["points"])}</td><td>{"<b class=minus>" if g["stock"] <= g["low_stock_threshold"] else "<b>"}{_e(g["stock"])}</b></td>
<td>{_goods_actions(csrf_token, g) if catalog_keeper and g["status"] == "active" else ("" if g["status"] == "active" else "已下架 retired")}</td></tr>"""
        for g in goods
    )
    stock_forms = f"""
<h2>入库 Receive stock</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="receive">
<label for="receive_goods">商品 Item</label><select id="receive_goods" name="goods_id">{options}</select>
<label for="receive_quantity">数量 Quantity</label><input id="receive_quantity" name="quantity" inputmode="numeric" required>
<label for="source">来源 Source</label>
<select id="source" name="source"><option value="purchase">基金采购 bought with fund money</option>
<option value="donation">捐赠 donated</option><option value="transfer">调拨 transfer</option></select>
<label for="fund_expenditure_seq">基金支出记录号 Fund expenditure entry (bought)</label>
<input id="fund_expenditure_seq" name="fund_expenditure_seq" inputmode="numeric">
<label for="donor">捐赠人 Donor (donated; 匿名 for anonymous)</label><input id="donor" name="donor" maxlength="100">
<label for="receive_note">说明 Note</label><input id="receive_note" name="note" maxlength="500">
<button type="submit">入库 Receive</button>
</form>
<h2>报损 Write off</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="write_off">
<label for="write_off_goods">商品 Item</label><select id="write_off_goods" name="goods_id">{options}</select>
<label for="write_off_quantity">数量 Quantity</label><input id="write_off_quantity" name="quantity" inputmode="numeric" required>
<label for="write_off_reason">原因 Reason</label><input id="write_off_reason" name="reason" required minlength="2" maxlength="500" placeholder="过期 expired">
<button type="submit">报损 Write off</button>
</form>
<h2>盘点 Stock-take</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="count">
<label for="count_goods">商品 Item</label><select id="count_goods" name="goods_id">{options}</select>
<label for="counted">实盘数量 Counted on the shelf</label><input id="counted" name="counted" inputmode="numeric" required>
<label for="count_note">说明 Note</label><input id="count_note" name="note" maxlength="500" placeholder="月末盘点">
<button type="submit">记录盘点 Record</button>
</form>"""
    catalog_forms = (
        f"""
<h2>上架新商品 List an item</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="list">
<label for="code">编码 Code</label><input id="code" name="code" required maxlength="20" placeholder="LY002">
<label for="name">名称 Name</label><input id="name" name="name" required maxlength="100" placeholder="菜籽油 5L">
<label for="category">类别 Category</label><input id="category" name="category" maxlength="40" placeholder="粮油">
<label for="unit">单位 Unit</label><input id="unit" name="unit" maxlength="10" placeholder="桶">
<label for="points">积分 Points</label><input id="points" name="points" required inputmode="numeric">
<button type="submit">上架 List</button>
</form>
<h2>导入商品目录 Import the catalog (.xlsx / CSV)</h2>
<form method="post" enctype="multipart/form-data" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="import">
<input name="file" type="file" required accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
<label><input type="checkbox" name="dry_run" value="1" checked>只检查不导入 Check only</label>
<button type="submit">上传 Upload</button>
</form>
{import_report(report)}
<p><a href="/staff/{_e(community_id)}/goods/catalog.xlsx">下载商品目录 Excel Download the catalog (.xlsx)</a></p>"""
        if catalog_keeper
        else ""
    )
    return f"""
<div class="box"><table><tr><th>编码 code</th><th>商品 item</th><th>积分 points</th><th>库存 stock</th><th></th></tr>
{rows or '<tr><td colspan="5" class="muted">货架上没有商品 Nothing on the shelf</td></tr>'}</table>
<p class="muted">红色：库存不高于预警线 red: at or below the low-stock line</p></div>
{stock_forms if active else ""}{catalog_forms}"""


def _goods_actions(csrf_token: str, goods: dict[str, Any]) -> str:
    return f"""<form method="post">
{_csrf(csrf_token)}
<input type="hidden" name="goods_id" value="{_e(goods["goods_id"])}">
<input name="points" inputmode="numeric" value="{_e(goods["points"])}" aria-label="新积分 new points" style="width:4.5rem">
<button type="submit" name="action" value="reprice" class="quiet">改价 Re-price</button>
<button type="submit" name="action" value="retire" class="quiet">下架 Retire</button>
</form>"""


HOUSEHOLD_STATUS = {"moved_out": "已迁出 moved out", "closed": "已注销 closed"}


def message_only(text: str) -> str:
    return f'<p class="muted">{_e(text)}</p>'
