"""The admin's staff page: who works in the community with which roles, new accounts,
roles granted and revoked, and passwords reset."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ledger.web import pages
from ledger.web.workbench import _csrf, _e

ROLES = tuple(role for role in pages.ROLE_LABELS if role != "oversight")  # a community's own roles


def _role_options() -> str:
    return "".join(f'<option value="{role}">{_e(pages.ROLE_LABELS[role])}</option>' for role in ROLES)


def staff_page(csrf_token: str, members: Iterable[dict[str, Any]]) -> str:
    rows = "".join(
        f"""<div class="box"><p><b>{_e(m["username"])}</b> {_e(m["display_name"])}
{"<span class=minus>已停用 disabled</span>" if m["disabled"] else ""}<br>
{"、".join(_e(pages.ROLE_LABELS.get(r, r)) for r in sorted(m["roles"])) or "无角色 no role"}</p>
<form method="post">{_csrf(csrf_token)}<input type="hidden" name="user_id" value="{_e(m["user_id"])}">
<select name="role" aria-label="角色 role">{_role_options()}</select>
<button type="submit" name="action" value="grant" class="quiet">授予 Grant</button>
<button type="submit" name="action" value="revoke" class="quiet">撤销 Revoke</button>
</form>
<form method="post">{_csrf(csrf_token)}<input type="hidden" name="user_id" value="{_e(m["user_id"])}">
<input type="hidden" name="action" value="reset">
<input name="new_password" type="password" autocomplete="new-password" minlength="10" maxlength="200" placeholder="新密码 new password (≥10)">
<button type="submit" class="quiet">重设密码 Reset password</button>
</form></div>"""
        for m in members
    )
    boxes = "".join(
        f'<label><input type="checkbox" name="roles" value="{role}">{_e(pages.ROLE_LABELS[role])}</label>'
        for role in ROLES
    )
    return f"""{rows or '<p class="muted">暂无工作人员 No staff yet</p>'}
<h2>新建账号 A new account</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="create">
<label for="username">用户名 Username</label><input id="username" name="username" required maxlength="40" autocomplete="off">
<label for="display_name">姓名 Name</label><input id="display_name" name="display_name" maxlength="60">
<label for="password">初始密码 First password (≥10, tell them to change it)</label>
<input id="password" name="password" type="password" required minlength="10" maxlength="200" autocomplete="new-password">
<p>{boxes}</p>
<button type="submit">新建 Create</button>
</form>"""
