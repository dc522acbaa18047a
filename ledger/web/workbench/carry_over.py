"""The carry-over page (期初结转): the committee uploads the sheet of households' balances
from paper and proposes the fund's opening balance; another committee member or the
supervision committee approves or rejects; everyone sees what was carried over."""

from __future__ import annotations

from typing import Any

from ledger.domain.roles import PROPOSE_CARRY_OVER
from ledger.messages import catalog, words
from ledger.web.workbench import _csrf, _e
from ledger.web.workbench.fund import yuan
from ledger.web.workbench.sheets import import_report, sheet_import

# A carry-over's state and its lines' states: (Chinese, English).
STATES = {
    "proposed": ("待审批", "waiting for approval"),
    "approved": ("已通过", "approved"),
    "rejected": ("已驳回", "rejected"),
    "publicity": ("公示中", "in publicity"),
    "confirmed": ("已生效", "in effect"),
}


def carry_over_page(
    csrf_token: str,
    user_id: str,
    roles: frozenset[str],
    carry_overs: list[dict[str, Any]],
    open_lines: dict[str, list[dict[str, Any]]],
    report: dict[str, Any] | None,
) -> str:
    """`open_lines`: the lines of each sheet waiting for a decision, for its checker to
    compare with the passbooks."""
    intro = words(
        "把纸质积分折或旧表格上每户的余额结转进账本：一位村两委成员提交，另一位村两委成员或监督委员会审批"
        "（工作人员的家庭由监督委员会审批）；通过后在公示栏公示，各户可对照自己的积分折提出异议，"
        "公示期满才能使用。每户只结转一次。",
        "Carry each household's balance from its paper passbook or the old sheet into the ledger: one "
        "committee member proposes, another committee member or the supervision committee approves (a "
        "staff member's household, the supervision committee); then it is posted on the public board, "
        "where every household can compare it with its passbook and object, and it can be spent once its "
        "publicity ends. Each household is carried over once.",
    )
    parts = [f'<p class="muted">{_e(intro)}</p>']
    if roles & PROPOSE_CARRY_OVER:
        parts.append(_sheet_form(csrf_token, report))
        parts.append(_fund_form(csrf_token))
    parts.append(f"<h2>{_e(words('结转记录', 'Carry-overs'))}</h2>")
    listed = [
        _carry_over(csrf_token, user_id, entry, open_lines.get(entry["carry_over_id"]))
        for entry in carry_overs
    ]
    parts.append(
        "".join(listed) or f'<p class="muted">{_e(words("还没有期初结转。", "No carry-over yet."))}</p>'
    )
    return "\n".join(parts)


def _sheet_form(csrf_token: str, report: dict[str, Any] | None) -> str:
    columns = words(
        "列：户号、可用积分、荣誉积分，以及出处（页码、行号，或来源）；可加户主一列用来核对。"
        "先“只检查”，没有问题再取消勾选提交审批。",
        "Columns: 户号 (number), 可用积分 (spendable), 荣誉积分 (honour) and where the figures come from "
        "(页码 page, 行号 line, or 来源 reference); a 户主 (head) column is checked against the register. "
        "Check first; when there is no problem, untick and propose it.",
    )
    summary = ""
    if report and not report.get("problems"):
        households, spendable, honour = report["rows"], report["spendable"], report["honour"]
        figures = words(
            f"{households} 户 · 可用合计 {spendable} 分 · 荣誉合计 {honour} 分",
            f"{households} households · {spendable} points to spend · {honour} honour",
        )
        staff = report.get("staff_households") or []
        staff_note = words(
            f"含工作人员家庭 {len(staff)} 户（{'、'.join(staff)}），须由监督委员会审批",
            f"{len(staff)} staff households ({', '.join(staff)}): the supervision committee approves",
        )
        summary = (
            f'<div class="box"><p>{_e(figures)}</p>'
            + (f'<p class="muted">{_e(staff_note)}</p>' if staff else "")
            + "</div>"
        )
    return (
        sheet_import(csrf_token, words("上传期初余额表", "Upload the sheet of balances"), None)
        + f'<p class="muted">{_e(columns)}</p>'
        + summary
        + import_report(report)
    )


def _fund_form(csrf_token: str) -> str:
    return f"""<h2>{_e(words("幸福基金期初余额", "The fund's opening balance"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="fund">
<label for="amount">{_e(words("金额（元）", "Amount (yuan)"))}</label>
<input id="amount" name="amount" required inputmode="decimal" maxlength="16" placeholder="12345.60">
<label for="reference">{_e(words("出处", "Where it is written"))}</label>
<input id="reference" name="reference" required maxlength="200" placeholder="{
        _e(words("2023年村账本第12页", "village account book 2023, page 12"))
    }">
<button type="submit">{_e(words("提交审批", "Propose"))}</button>
</form>"""


def _carry_over(
    csrf_token: str, user_id: str, entry: dict[str, Any], lines: list[dict[str, Any]] | None
) -> str:
    state = words(*STATES[entry["status"]])
    if entry["subject"] == "fund":
        what = words(
            f"幸福基金期初余额 {yuan(entry['amount_fen'])} 元（{entry['reference']}）",
            f"The fund's opening balance, ¥{yuan(entry['amount_fen'])} ({entry['reference']})",
        )
    else:
        what = words(
            f"{entry['households']} 户，可用合计 {entry['spendable']} 分，荣誉合计 {entry['honour']} 分",
            f"{entry['households']} households, {entry['spendable']} points to spend, {entry['honour']} honour",
        )
    progress = ""
    if entry["subject"] == "households" and entry["status"] == "approved":
        progress = words(
            f"公示中 {entry['in_publicity']} 户 · 已生效 {entry['confirmed']} 户 · 异议成立未生效 {entry['rejected']} 户",
            f"{entry['in_publicity']} in publicity · {entry['confirmed']} in effect · "
            f"{entry['rejected']} rejected on objection",
        )
    who = words(f"提交人 {entry['proposer'] or ''}", f"proposed by {entry['proposer'] or ''}")
    if entry["decider"]:
        who += words(f" · 审批人 {entry['decider']}", f" · decided by {entry['decider']}")
    reason = f"<br>{_e(entry['reason'])}" if entry.get("reason") else ""
    decision = ""
    if entry["status"] == "proposed" and entry["proposer_id"] != user_id:
        decision = _decision_form(csrf_token, entry)
    elif entry["status"] == "proposed":
        waiting = words(
            "等待另一位审批（自己提交的不能自己审批）",
            "Waiting for someone else to decide (nobody decides their own)",
        )
        decision = f'<p class="muted">{_e(waiting)}</p>'
    # A file name or a reference without spaces wraps instead of widening a phone's page.
    return f"""<div class="box" style="overflow-wrap:anywhere">
<p><b>#{_e(entry["proposed_seq"])} {_e(state)}</b> · {_e(what)}<br>
<span class="muted">{_e(who)}{_e(" · " + entry["file_name"]) if entry.get("file_name") else ""}</span>{reason}</p>
{f'<p class="muted">{_e(progress)}</p>' if progress else ""}
{_lines(lines) if lines else ""}
{decision}
</div>"""


def _decision_form(csrf_token: str, entry: dict[str, Any]) -> str:
    return f"""<form method="post">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="decide">
<input type="hidden" name="carry_over_id" value="{_e(entry["carry_over_id"])}">
<input name="reason" maxlength="500" aria-label="{_e(words("意见", "Reason"))}" placeholder="{
        _e(words("意见（可不填）", "Reason (optional)"))
    }">
<button type="submit" name="decision" value="approve">{_e(words("通过", "Approve"))}</button>
<button type="submit" name="decision" value="reject" class="quiet">{_e(words("驳回", "Reject"))}</button>
</form>"""


def _lines(lines: list[dict[str, Any]]) -> str:
    """Every line of a sheet waiting for a decision, folded away until opened (no script)."""
    rows = "".join(
        f"<tr><td>{_e(line['number'])}</td><td>{_e(line['spendable'])}</td><td>{_e(line['honour'])}</td>"
        f"<td>{_e(catalog.carry_in_source(line['source']))}</td></tr>"
        for line in lines
    )
    head = "".join(
        f"<th>{_e(words(zh, en))}</th>"
        for zh, en in (("户号", "Number"), ("可用", "Spendable"), ("荣誉", "Honour"), ("出处", "Source"))
    )
    return (
        f"<details><summary>{_e(words(f'查看 {len(lines)} 户明细', f'Show the {len(lines)} households'))}</summary>"
        f"<table><tr>{head}</tr>{rows}</table></details>"
    )
