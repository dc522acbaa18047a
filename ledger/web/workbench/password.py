"""Every staff member's own password: the form."""

from __future__ import annotations

from ledger import limits
from ledger.messages import words
from ledger.web.workbench import _csrf, _e


def password_form(csrf_token: str) -> str:
    hint = words(
        f"新密码 {limits.PASSWORD_LENGTH_MIN} 至 {limits.PASSWORD_LENGTH_MAX} 个字符。改好后所有登录都会退出，请用新密码重新登录。",
        f"A new password has {limits.PASSWORD_LENGTH_MIN} to {limits.PASSWORD_LENGTH_MAX} characters. "
        "Afterwards every log-in ends: log in again with the new password.",
    )
    return f"""
<form method="post" class="box">
{_csrf(csrf_token)}
<p class="muted">{_e(hint)}</p>
<label for="current_password">{_e(words("现在的密码", "Current password"))}</label>
<input id="current_password" name="current_password" type="password" autocomplete="current-password" required maxlength="{limits.PASSWORD_LENGTH_MAX}">
<label for="new_password">{_e(words("新密码", "New password"))}</label>
<input id="new_password" name="new_password" type="password" autocomplete="new-password" required minlength="{limits.PASSWORD_LENGTH_MIN}" maxlength="{limits.PASSWORD_LENGTH_MAX}">
<label for="repeated_password">{_e(words("再输一次新密码", "New password again"))}</label>
<input id="repeated_password" name="repeated_password" type="password" autocomplete="new-password" required minlength="{limits.PASSWORD_LENGTH_MIN}" maxlength="{limits.PASSWORD_LENGTH_MAX}">
<button type="submit">{_e(words("修改密码", "Change the password"))}</button>
</form>"""
