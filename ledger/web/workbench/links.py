"""A staff member's own page of declared households (人情分 guard): their own household and
related ones, which they may then never propose for, decide, rule on, reverse or sell to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ledger.messages import words
from ledger.web.workbench import _csrf, _e

# How a household is linked to the staff member: the stored kind → (Chinese, English).
KINDS = {"own": ("本户", "my own household"), "related": ("亲属户", "a related household")}


def _kind(kind: str) -> str:
    zh, en = KINDS.get(kind, (kind, kind))
    return words(zh, en)


def links_page(csrf_token: str, links: Iterable[dict[str, Any]]) -> str:
    rows = "".join(
        f"<tr><td>{_e(link['number'])}</td><td>{_e(link['head_name'])}</td><td>{_e(_kind(link['kind']))}</td></tr>"
        for link in links
    )
    options = "".join(f'<option value="{kind}">{_e(_kind(kind))}</option>' for kind in KINDS)
    explained = words(
        "申报后，你不能为这些户提议、审核、处理异议、冲正或兑换；给工作人员本户的加分由监督委员会决定并在公示栏标注。",
        "Once declared, you never propose for, decide, rule on, reverse for or sell to these households; "
        "an award to a staff member's own household is the supervision committee's and is marked on the board.",
    )
    none_declared = _e(words("尚未申报", "None declared"))
    return f"""<p class="muted">{_e(explained)}</p>
<div class="box"><table><tr><th>{_e(words("户号", "number"))}</th><th>{_e(words("户主", "head"))}</th><th>{_e(words("关系", "link"))}</th></tr>
{rows or f'<tr><td colspan="3" class="muted">{none_declared}</td></tr>'}</table></div>
<h2>{_e(words("申报", "Declare a household"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<label for="number">{_e(words("户号", "Household number"))}</label><input id="number" name="number" required maxlength="40" placeholder="001">
<label for="kind">{_e(words("关系", "Link"))}</label><select id="kind" name="kind">{options}</select>
<button type="submit">{_e(words("申报", "Declare"))}</button>
</form>"""
