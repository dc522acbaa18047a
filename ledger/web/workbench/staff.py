"""The admin's staff page: who works in the community with which roles, new accounts,
roles granted and revoked, and passwords reset."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ledger.domain.roles import COMMUNITY_ROLES
from ledger.messages import catalog, words
from ledger.web.workbench import _csrf, _e

ROLES = COMMUNITY_ROLES


def _role_options() -> str:
    return "".join(f'<option value="{role}">{_e(catalog.role_words(role))}</option>' for role in ROLES)


def _member(csrf_token: str, member: dict[str, Any]) -> str:
    m = member
    roles = words("、", ", ").join(_e(catalog.role_words(r)) for r in sorted(m["roles"]))
    disabled = f"<span class=minus>{_e(words('已停用', 'disabled'))}</span>" if m["disabled"] else ""
    return f"""<div class="box"><p><b>{_e(m["username"])}</b> {_e(m["display_name"])}
{disabled}<br>
{roles or _e(words("无角色", "no role"))}</p>
<form method="post">{_csrf(csrf_token)}<input type="hidden" name="user_id" value="{_e(m["user_id"])}">
<select name="role" aria-label="{_e(words(f"{m['username']} 的角色", f"role for {m['username']}"))}">{_role_options()}</select>
<button type="submit" name="action" value="grant" class="quiet">{_e(words("授予", "Grant"))}</button>
<button type="submit" name="action" value="revoke" class="quiet">{_e(words("撤销", "Revoke"))}</button>
</form>
<form method="post">{_csrf(csrf_token)}<input type="hidden" name="user_id" value="{_e(m["user_id"])}">
<input type="hidden" name="action" value="reset">
<input name="new_password" type="password" autocomplete="new-password" minlength="10" maxlength="200" aria-label="{_e(words(f"{m['username']} 的新密码", f"new password for {m['username']}"))}" placeholder="{_e(words("新密码（至少 10 位）", "new password (10 or more)"))}">
<button type="submit" class="quiet">{_e(words("重设密码", "Reset password"))}</button>
</form></div>"""


def staff_page(csrf_token: str, members: Iterable[dict[str, Any]]) -> str:
    rows = "".join(_member(csrf_token, m) for m in members)
    boxes = "".join(
        f'<label><input type="checkbox" name="roles" value="{role}">{_e(catalog.role_words(role))}</label>'
        for role in ROLES
    )
    no_staff = _e(words("暂无工作人员", "No staff yet"))
    return f"""{rows or f'<p class="muted">{no_staff}</p>'}
<h2>{_e(words("新建账号", "A new account"))}</h2>
<form method="post" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="create">
<label for="username">{_e(words("用户名", "Username"))}</label><input id="username" name="username" required maxlength="40" autocomplete="off" placeholder="wang_grid">
<label for="display_name">{_e(words("姓名", "Name"))}</label><input id="display_name" name="display_name" maxlength="60">
<label for="password">{_e(words("初始密码（至少 10 位，请对方登录后修改）", "First password (10 or more; ask them to change it)"))}</label>
<input id="password" name="password" type="password" required minlength="10" maxlength="200" autocomplete="new-password">
<fieldset><legend>{_e(words("角色", "Roles"))}</legend>{boxes}</fieldset>
<button type="submit">{_e(words("新建", "Create"))}</button>
</form>"""
