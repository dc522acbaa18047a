"""/staff/password: every staff member changes their own password. Every session of the
account ends with the change (a stolen session dies with the old password), so the page
sends one to the log-in form."""

from __future__ import annotations

import secrets
from typing import Any

from litestar import Request, Response, get, post
from litestar.response import Redirect

from ledger import limits
from ledger.api import context
from ledger.api.problems import STATUS_OF_CODE
from ledger.domain.errors import Refused
from ledger.messages import catalog, words
from ledger.services import auth
from ledger.web import workbench
from ledger.web.notices import Outcome, outcome_shown, see_outcome
from ledger.web.routes.login import HTML, SESSION_COOKIE, cookie, staff_session
from ledger.web.workbench.password import password_form

PATH = "/staff/password"


def _title() -> str:
    return words("修改我的密码", "Change my password")


@get(PATH, include_in_schema=False)
async def password_page(request: Request) -> Response[Any]:
    session = await staff_session(request)
    if isinstance(session, Redirect):
        return session
    principal, csrf_token = session.principal, session.csrf_token
    outcome = await outcome_shown(request, csrf_token) or Outcome("")
    page = workbench.page(
        title=_title(),
        community=principal.username,
        community_id="",
        username=principal.username,
        roles=frozenset(),
        body=password_form(csrf_token),
        message=outcome.message,
        error=outcome.status >= 400,
    )
    return Response(page, status_code=outcome.status if outcome.status >= 400 else 200, media_type=HTML)


@post(PATH, include_in_schema=False)
async def change_password(request: Request) -> Response[Any]:
    session = await staff_session(request)
    if isinstance(session, Redirect):
        return session
    principal, token, csrf_token = session.principal, session.token, session.csrf_token
    form = await request.form()
    try:
        if not secrets.compare_digest(str(form.get("csrf_token", "")), csrf_token):
            raise Refused("forbidden", "this form did not come from this site (CSRF token missing or wrong)")
        current = str(form.get("current_password", ""))[: limits.PASSWORD_LENGTH_MAX]
        new = str(form.get("new_password", ""))[: limits.PASSWORD_LENGTH_MAX + 1]
        if new != str(form.get("repeated_password", ""))[: limits.PASSWORD_LENGTH_MAX + 1]:
            raise Refused("validation_failed", "the two new passwords differ")
        await auth.change_password(context.pool(request), principal, current, new)
    except Refused as refusal:
        refused = Outcome(catalog.refusal(refusal), STATUS_OF_CODE.get(refusal.code, 400))
        return await see_outcome(request, PATH, csrf_token, refused)
    await context.sessions(request).log_out(context.pool(request), token)
    changed = Outcome(words("密码已修改，请用新密码登录", "Password changed: log in with the new one"))
    answer = await see_outcome(request, "/login", None, changed)
    answer.cookies.append(cookie(request, SESSION_COOKIE, "", 0))
    return answer
