"""The points pages: proposing, reviewing, objections, the supervision view, honours and
the year end, and the rule catalog."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from ledger.messages import words
from ledger.web.workbench import _csrf, _e, _points
from ledger.web.workbench.sheets import sheet_import


def propose_form(
    csrf_token: str,
    rules: Iterable[dict[str, Any]],
    households: Iterable[dict[str, Any]],
    today: datetime.date,
    my_grids: list[str] | None = None,
) -> str:
    """The propose form; for a scorer who looks after grids (`my_grids`, their names), the
    households of those grids and one tap for all of them, instead of every household."""
    photo_needed = words("，需证据", "; photo needed")
    options = "".join(
        f'<option value="{_e(rule["rule_id"])}">{_e(rule["code"])} {_e(rule["name"])} '
        f"({'+' if rule['points'] > 0 else ''}{_e(rule['points'])}"
        f"{_e(photo_needed) if rule['needs_evidence'] else ''})</option>"
        for rule in rules
    )
    boxes = "".join(
        f'<label><input type="checkbox" name="household_id" value="{_e(h["household_id"])}">'
        f"{_e(h['number'])} {_e(h['head_name'])}</label>"
        for h in households
    )
    no_households = _e(words("暂无在册户", "No households yet"))
    return f"""
<form method="post" enctype="multipart/form-data">
{_csrf(csrf_token)}
<label for="rule_id">{_e(words("事项", "Rule"))}</label>
<select id="rule_id" name="rule_id" required>{options}</select>
<div class="box">
<label for="numbers">{_e(words("户", "Households"))}</label>
<p class="muted">{
        _e(
            words(
                "勾选，或输入户号（空格、逗号或换行分隔），一次最多 500 户。",
                "Tick them, or type household numbers separated by spaces, commas or lines; up to 500.",
            )
        )
    }</p>
<textarea id="numbers" name="numbers" rows="3" placeholder="001, 002, 015"></textarea>
{_whole_batch(my_grids)}
<div class="households">{boxes or f'<p class="muted">{no_households}</p>'}</div>
</div>
<label for="note">{_e(words("说明", "Note"))}</label>
<input id="note" name="note" maxlength="500" placeholder="{
        _e(words("11月20日环境整治", "Clean-up on 20 November"))
    }">
<label for="occurred_on">{_e(words("日期", "Date it happened"))}</label>
<input id="occurred_on" name="occurred_on" type="date" value="{_e(today.isoformat())}" max="{
        _e(today.isoformat())
    }" placeholder="{_e(today.isoformat())}">
<label for="photo">{_e(words("照片（JPEG/PNG/WebP）", "Photo (JPEG/PNG/WebP)"))}</label>
<input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp">
<button type="submit">{_e(words("提交", "Propose"))}</button>
</form>"""


def _whole_batch(my_grids: list[str] | None) -> str:
    if my_grids:
        names = "、".join(my_grids)
        return f"""<label><input type="checkbox" name="my_grid" value="1">{
            _e(words(f"我负责网格的全部户（{names}）", f"All households of my grids ({names})"))
        }</label>"""
    return f"""<label><input type="checkbox" name="everyone" value="1">{
        _e(words("全部在册户", "Every active household"))
    }</label>"""


def review_list(csrf_token: str, community_id: str, batches: list[dict[str, Any]]) -> str:
    if not batches:
        return f'<p class="muted">{_e(words("没有待审核的提议。", "Nothing is waiting for a decision."))}</p>'
    return "".join(_review_batch(csrf_token, community_id, batch) for batch in batches)


def _review_batch(csrf_token: str, community_id: str, batch: dict[str, Any]) -> str:
    count = batch["households"]
    numbers = "、".join(_e(n) for n in batch["numbers"])
    more = (
        words(f" … 共 {count} 户", f" … {count} households in all") if count > len(batch["numbers"]) else ""
    )
    if batch["has_evidence"]:
        evidence = (
            f'<a href="/staff/{_e(community_id)}/proposals/{_e(batch["first_proposal"])}/evidence">'
            f"{_e(words('照片', 'photo'))}</a>"
        )
    elif batch["needs_evidence"]:
        evidence = f"<b>{_e(words('缺证据', 'photo missing'))}</b>"
    else:
        evidence = _e(words("无照片", "no photo"))
    households = words(f"{count} 户", f"{count} households")
    proposer = words(f"提议人 {batch['proposer'] or ''}", f"by {batch['proposer'] or ''}")
    return f"""
<div class="box">
<p><b>{_e(batch["rule_code"])} {_e(batch["rule_name"])}</b> {_points(batch["points"])} ×
{_e(households)} · {_e(batch["occurred_on"] or "")}<br>
<span class="muted">{_e(proposer)} · {_e(batch["note"] or "")} · {evidence}</span></p>
<p>{numbers}{_e(more)}</p>
<form method="post">
{_csrf(csrf_token)}
<input type="hidden" name="batch_id" value="{_e(batch["batch_id"])}">
<input type="hidden" name="households" value="{_e(count)}">
<input name="reason" maxlength="500" aria-label="{_e(words("意见", "Reason"))}" placeholder="{_e(words("意见（可不填）", "Reason (optional)"))}">
<button type="submit" name="decision" value="approve">{_e(words("通过", "Approve"))}</button>
<button type="submit" name="decision" value="reject" class="quiet">{_e(words("驳回", "Reject"))}</button>
</form>
</div>"""


# Where an objection came from: (Chinese, English).
OBJECTION_VIA = {
    "board": ("公示栏", "the public board"),
    "card": ("积分卡页面", "a card page"),
    "staff": ("工作人员代录", "entered by staff"),
}


def objections_by_award(csrf_token: str, awards: Iterable[dict[str, Any]]) -> str:
    """One box per award held back by objections: the award, how many objections it has,
    and each listed objection's reason with its own ruling form."""
    parts = [_award_objections(csrf_token, award) for award in awards]
    return "".join(parts) or f'<p class="muted">{_e(words("没有待处理的异议。", "No open objections."))}</p>'


def _award_objections(csrf_token: str, award: dict[str, Any]) -> str:
    a = award
    what = a["rule_name"] if a["subject"] == "award" else words("期初结转", "balance carried over")
    until = (
        words(f"公示至 {a['ends_on']}", f"until {a['ends_on']}")
        if a["in_publicity"]
        else words("公示已结束", "publicity is over")
    )
    count = a["open_objections"]
    listed = "".join(_objection(csrf_token, o) for o in a["objections"])
    unlisted = count - len(a["objections"])
    more = (
        f'<p class="muted">{_e(words(f"另有 {unlisted} 条未列出，处理完上面的之后显示", f"{unlisted} more, shown once those above are decided"))}</p>'
        if unlisted > 0
        else ""
    )
    return f"""
<div class="box">
<h2>{_e(words(f"公示 #{a['award_seq']}", f"In publicity #{a['award_seq']}"))} · {_e(words(f"户 {a['household_number']}", f"household {a['household_number']}"))} {_e(a["head_name"])}</h2>
<p>{_e(what or "")} {_points(a["points"])} · {_e(until)} · <strong>{_e(words(f"异议 {count} 条", f"{count} open objection{'s' if count != 1 else ''}"))}</strong></p>
{listed}{more}
</div>"""


def _objection(csrf_token: str, objection: dict[str, Any]) -> str:
    o = objection
    via = words(*OBJECTION_VIA.get(o["via"], ("其他", "elsewhere")))
    return f"""
<div class="objection">
<p>“{_e(o["reason"])}” <span class="muted">{_e(words(f"来自{via}", f"from {via}"))}</span></p>
<form method="post">
{_csrf(csrf_token)}
<input type="hidden" name="objection_id" value="{_e(o["objection_id"])}">
<input name="reason" required minlength="2" maxlength="500" aria-label="{_e(words("核实情况", "What was found"))}" placeholder="{_e(words("核实情况（必填）", "What was found (required)"))}">
<button type="submit" name="decision" value="uphold">{_e(words("异议成立（加分不予确认）", "Uphold (the award is rejected)"))}</button>
<button type="submit" name="decision" value="dismiss" class="quiet">{_e(words("驳回异议", "Dismiss"))}</button>
</form>
</div>"""


# Each flag of the supervision view: its heading, and its columns (key → label), each (Chinese, English).
FLAG_TABLES: dict[str, tuple[tuple[str, str], dict[str, tuple[str, str]]]] = {
    "concentrated_awards": (
        ("加分集中于少数户", "Awards concentrated on a few households"),
        {
            "username": ("经办", "by"),
            "number": ("户", "household"),
            "times": ("次数", "times"),
            "total": ("共", "of"),
            "share": ("占比", "share"),
        },
    ),
    "just_under_publicity_threshold": (
        ("多次略低于公示线", "Repeatedly just under the publicity threshold"),
        {
            "username": ("经办", "by"),
            "times": ("次数", "times"),
            "lowest": ("最低", "lowest"),
            "highest": ("最高", "highest"),
        },
    ),
    "awards_to_staff_households": (
        ("工作人员本户加分", "Awards to staff households"),
        {
            "seq": ("#", "#"),
            "occurred_on": ("日期", "date"),
            "number": ("户", "household"),
            "points": ("分", "points"),
            "staff_member": ("工作人员", "staff"),
            "given_by": ("经办", "by"),
        },
    ),
    "cancellations_and_reversals": (
        ("同一人多次撤销冲正", "One person's cancellations and reversals"),
        {
            "username": ("经办", "by"),
            "cancellations": ("撤销", "cancelled"),
            "reversals": ("冲正", "reversed"),
        },
    ),
}


def supervision(community_id: str, flags: dict[str, Any]) -> str:
    since = flags["since"]
    parts = [f'<p class="muted">{_e(words(f"自 {since} 起", f"since {since}"))}</p>']
    for key, (heading, columns) in FLAG_TABLES.items():
        rows = flags[key]
        parts.append(f"<h2>{_e(words(*heading))}</h2>")
        if not rows:
            parts.append(f'<p class="muted">{_e(words("无", "None"))}</p>')
            continue
        head = "".join(f"<th>{_e(words(*label))}</th>" for label in columns.values())
        body = "".join("<tr>" + "".join(f"<td>{_e(row[c])}</td>" for c in columns) + "</tr>" for row in rows)
        parts.append(f'<div class="box"><table><tr>{head}</tr>{body}</table></div>')
    # Entries are reversed from the event log, where each reversible one has its button:
    # nobody types an entry's number.
    parts.append(
        f'<p class="box"><a href="/staff/{_e(community_id)}/events">'
        f"{_e(words('冲正：在记录日志里找到那条记录，点“冲正”', 'To reverse: find the entry in the event log and press “Reverse”'))}</a></p>"
    )
    return "".join(parts)


YEAR_END_LABELS = {"carry_over": ("结转", "carry over"), "expire": ("清零", "expire")}

# The honours a committee grants: the stored title (Chinese, as the record keeps it) → English.
HONOUR_TITLES = {"文明家庭": "Civilized family", "道德模范": "Moral model"}


def _year_end(policy: str) -> str:
    zh, en = YEAR_END_LABELS.get(policy, (policy, policy))
    return words(zh, en)


def honours_and_year_end(
    csrf_token: str, today: datetime.date, year_end: str, settlements: Iterable[dict[str, Any]]
) -> str:
    done = "".join(
        f"<tr><td>{_e(s['year'])}</td><td>{_e(_year_end(s['policy']))}</td>"
        f"<td>{_e(s['households'])}</td><td>{_e(s['points_expired'])}</td><td>#{_e(s['seq'])}</td></tr>"
        for s in settlements
    )
    titles = "".join(
        f'<option value="{_e(title)}">{_e(words(title, english))}</option>'
        for title, english in HONOUR_TITLES.items()
    )
    none_yet = _e(words("尚未结算", "None yet"))
    policy = _e(_year_end(year_end))
    return f"""
<h2>{_e(words("授予荣誉", "Grant an honour"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="honour">
<label for="number">{_e(words("户号", "Household number"))}</label>
<input id="number" name="number" required maxlength="40" placeholder="017">
<label for="title">{_e(words("称号", "Title"))}</label>
<select id="title" name="title">{titles}</select>
<label for="year">{_e(words("年度", "Year"))}</label>
<input id="year" name="year" inputmode="numeric" pattern="[0-9]{{4}}" value="{today.year}" required>
<label for="note">{_e(words("说明", "Note"))}</label>
<input id="note" name="note" maxlength="500" placeholder="{
        _e(words("村民代表大会评选", "Chosen by the villagers' assembly"))
    }">
<button type="submit">{
        _e(words("授予（奖励积分经公示后生效）", "Grant (the bonus goes through publicity)"))
    }</button>
</form>
<h2>{_e(words("年终结算", "Year-end settlement"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="settle">
<p class="muted">{
        _e(
            words(
                f"本村政策：{policy}。每年只结算一次，荣誉积分不受影响。",
                f"Policy: {policy}. Once per year; the honour score is never touched.",
            )
        )
    }</p>
<label for="settle_year">{_e(words("结算年度", "Year to settle"))}</label>
<input id="settle_year" name="year" inputmode="numeric" pattern="[0-9]{{4}}" value="{
        today.year - 1
    }" required>
<button type="submit">{_e(words("结算", "Settle"))}</button>
</form>
<div class="box"><table><tr><th>{_e(words("年度", "year"))}</th><th>{_e(words("政策", "policy"))}</th><th>{
        _e(words("户数", "households"))
    }</th><th>{_e(words("清零积分", "expired"))}</th><th>{_e(words("记录", "entry"))}</th></tr>
{done or f'<tr><td colspan="5" class="muted">{none_yet}</td></tr>'}</table></div>"""


def rule_catalog(
    csrf_token: str, community_id: str, rules: Iterable[dict[str, Any]], report: dict[str, Any] | None
) -> str:
    publicity, evidence = _e(words("公示", "publicity")), _e(words("证据", "photo"))
    claimable = _e(words("村民可申报", "residents claim"))
    active, retired = _e(words("在用", "active")), _e(words("已停用", "retired"))
    rows = "".join(
        f"""<tr><td>{_e(r["code"])}</td><td>{_e(r["name"])}<br><span class="muted">{
            _e(r["category"])
        }</span></td>
<td>{_points(r["points"])}</td>
<td>{publicity if r["needs_publicity"] else ""} {evidence if r["needs_evidence"] else ""} {
            claimable if r["claimable"] else ""
        }</td>
<td>{active if r["status"] == "active" else retired}</td>
<td>{_rule_actions(csrf_token, r) if r["status"] == "active" else ""}</td></tr>"""
        for r in rules
    )
    no_rules = _e(words("尚无细则", "No rules yet"))
    return f"""
<p><a href="/staff/{_e(community_id)}/rules/catalog.xlsx">{_e(words("下载细则（Excel .xlsx）", "Download the catalog (.xlsx)"))}</a></p>
<div class="box"><table><tr><th>{_e(words("编码", "code"))}</th><th>{_e(words("名称", "name"))}</th><th>{_e(words("分", "points"))}</th><th>{_e(words("需", "needs"))}</th><th>{_e(words("状态", "status"))}</th><th></th></tr>
{rows or f'<tr><td colspan="6" class="muted">{no_rules}</td></tr>'}</table></div>
<h2>{_e(words("新增细则", "Define a rule"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="define">
<label for="code">{_e(words("编码", "Code"))}</label><input id="code" name="code" required maxlength="20" placeholder="R26">
<label for="name">{_e(words("名称", "Name"))}</label><input id="name" name="name" required maxlength="100" placeholder="{_e(words("参加义务献血", "Give blood"))}">
<label for="category">{_e(words("类别", "Category"))}</label><input id="category" name="category" maxlength="40" placeholder="{_e(words("公益", "volunteer"))}">
<label for="points">{_e(words("积分（扣分填负数）", "Points (negative for a deduction)"))}</label>
<input id="points" name="points" required inputmode="numeric" pattern="-?[0-9]+" placeholder="10">
<label><input type="checkbox" name="needs_publicity" value="1">{_e(words("需公示", "Needs publicity"))}</label>
<label><input type="checkbox" name="needs_evidence" value="1">{_e(words("需照片证据", "Needs photo evidence"))}</label>
<label><input type="checkbox" name="claimable" value="1">{_e(words("村民可在积分卡上自行申报（仅加分）", "Residents may claim it on their card (awards only)"))}</label>
<button type="submit">{_e(words("保存", "Save"))}</button>
</form>
{sheet_import(csrf_token, words("导入细则（.xls / .xlsx / .ods / CSV）", "Import the catalog (.xls / .xlsx / .ods / CSV)"), report)}"""


def _rule_actions(csrf_token: str, rule: dict[str, Any]) -> str:
    return f"""<form method="post">
{_csrf(csrf_token)}
<input type="hidden" name="rule_id" value="{_e(rule["rule_id"])}">
<input name="points" inputmode="numeric" pattern="-?[0-9]+" value="{_e(rule["points"])}" aria-label="{_e(words("新积分", "new points"))}" style="width:5rem">
<button type="submit" name="action" value="change" class="quiet">{_e(words("改分", "Change"))}</button>
<button type="submit" name="action" value="retire" class="quiet">{_e(words("停用", "Retire"))}</button>
{_claimable_action(rule)}
</form>"""


def _claimable_action(rule: dict[str, Any]) -> str:
    """An award rule is opened to residents' own claims, or closed to them, in one tap."""
    if rule["points"] < 0:
        return ""
    if rule["claimable"]:
        return f'<button type="submit" name="action" value="not_claimable" class="quiet">{_e(words("停止村民申报", "Stop claims"))}</button>'
    return f'<button type="submit" name="action" value="claimable" class="quiet">{_e(words("允许村民申报", "Allow claims"))}</button>'
