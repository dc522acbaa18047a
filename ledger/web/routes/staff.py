"""The admin's staff page: accounts and roles in the community, and password resets (which
end the person's sessions). Every grant and revocation is an entry on the chain."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request

from ledger.api import context
from ledger.messages import catalog, words
from ledger.services import staff
from ledger.store.queries import staff as staff_reads
from ledger.web.workbench.staff import staff_page
from ledger.web.workbench_page import Outcome, PageSession, checked, workbench_page


async def _show(request: Request, session: PageSession, community_id: uuid.UUID, _: Any) -> str:
    members = await staff_reads.staff_of_community(context.pool(request), community_id)
    return staff_page(session.csrf_token, [dict(m) for m in members])


async def _act(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    pool, actor, action = context.pool(request), session.principal, form.get("action")
    if action == "create":
        account: staff.NewStaff = checked(
            {
                "username": str(form.get("username", "")).strip(),
                "password": str(form.get("password", "")),
                "roles": [str(role) for role in form.getall("roles", [])],
                "display_name": str(form.get("display_name", "")).strip(),
            },
            staff.NewStaff,
        )
        await staff.create_staff(pool, community_id, actor.user_id, account)
        return Outcome(words(f"已新建 {account.username}", f"{account.username} created"), 201)
    user_id = checked(form.get("user_id"), uuid.UUID)
    if action == "reset":
        reset: staff.PasswordReset = checked(
            {"new_password": str(form.get("new_password", ""))}, staff.PasswordReset
        )
        await staff.reset_password(pool, community_id, actor.username, user_id, reset.new_password)
        return Outcome(words("已重设密码，其已登录的会话全部退出", "Password reset; their sessions ended"))
    grant: staff.RoleGrant = checked({"role": form.get("role")}, staff.RoleGrant)
    if action == "revoke":
        await staff.revoke(pool, community_id, actor.user_id, user_id, grant.role)
        return Outcome(
            words(
                f"已撤销角色：{catalog.role_words(grant.role)}",
                f"Role revoked: {catalog.role_words(grant.role)}",
            )
        )
    await staff.grant(pool, community_id, actor.user_id, user_id, grant.role)
    return Outcome(
        words(
            f"已授予角色：{catalog.role_words(grant.role)}", f"Role granted: {catalog.role_words(grant.role)}"
        )
    )


ROUTES = workbench_page("staff", _show, _act)
