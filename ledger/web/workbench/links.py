"""A staff member's own page of declared households (人情分 guard): their own household and
related ones, which they may then never propose for, decide, rule on, reverse or sell to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ledger.web.workbench import _csrf, _e

KINDS = {"own": "本户 my own household", "related": "亲属户 a related household"}


def links_page(csrf_token: str, links: Iterable[dict[str, Any]]) -> str:
    rows = "".join(
        f"<tr><td>{_e(link['number'])}</td><td>{_e(link['head_name'])}</td><td>{_e(KINDS.get(link['kind'], link['kind']))}</td></tr>"
        for link in links
    )
    options = "".join(f'<option value="{kind}">{_e(label)}</option>' for kind, label in KINDS.items())
    return f"""<p class="muted">申报后，你不能为这些户提议、审核、处理异议、冲正或兑换；给工作人员本户的加分由监督委员会决定并在公示栏标注。
Once declared, you never propose for, decide, rule on, reverse for or sell to these households;
an award to a staff member's own household is the supervision committee's and is marked on the board.</p>
<div class="box"><table><tr><th>户号 number</th><th>户主 head</th><th>关系 link</th></tr>
{rows or '<tr><td colspan="3" class="muted">尚未申报 None declared</td></tr>'}</table></div>
<h2>申报 Declare a household</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<label for="number">户号 Household number</label><input id="number" name="number" required maxlength="40">
<label for="kind">关系 Link</label><select id="kind" name="kind">{options}</select>
<button type="submit">申报 Declare</button>
</form>"""
