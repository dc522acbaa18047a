"""The points pages: proposing, reviewing, objections, the supervision view, honours and
the year end, and the rule catalog."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from ledger.web.workbench import _csrf, _e, _points
from ledger.web.workbench.sheets import sheet_import


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


YEAR_END_LABELS = {"carry_over": "结转 carry over", "expire": "清零 expire"}


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
{sheet_import(csrf_token, "导入细则 Import the catalog (.xlsx / CSV)", report)}"""


def _rule_actions(csrf_token: str, rule: dict[str, Any]) -> str:
    return f"""<form method="post">
{_csrf(csrf_token)}
<input type="hidden" name="rule_id" value="{_e(rule["rule_id"])}">
<input name="points" inputmode="numeric" pattern="-?[0-9]+" value="{_e(rule["points"])}" aria-label="新积分 new points" style="width:5rem">
<button type="submit" name="action" value="change" class="quiet">改分 Change</button>
<button type="submit" name="action" value="retire" class="quiet">停用 Retire</button>
</form>"""
