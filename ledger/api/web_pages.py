"""What every workbench page shares: the staff member behind the session cookie and their
roles in the community, the CSRF check of a posted form, the page frame, and refusals
shown on the page instead of as JSON problems."""

from __future__ import annotations

import re
import secrets
import uuid
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.response import Redirect

from ledger.api import context
from ledger.api.problems import STATUS_OF_CODE
from ledger.api.routes.pages import HTML, web_principal
from ledger.domain.errors import Refused
from ledger.services import auth, security
from ledger.store import queries
from ledger.web import workbench


class PageSession(msgspec.Struct, frozen=True):
    principal: auth.Principal
    csrf_token: str
    community: str
    roles: frozenset[str]


async def open_page(request: Request, community_id: uuid.UUID, page: str) -> PageSession | Response[Any]:
    """The session for a workbench page, or the answer that replaces the page: the log-in
    page for no session, a refusal for a role that may not open it."""
    found = await web_principal(request)
    if found is None:
        return Redirect("/login", status_code=303)
    principal, token = found
    roles = principal.roles_in(community_id)
    names = await queries.community_names(context.pool(request), [community_id])
    title, allowed = workbench.PAGES[page]
    session = PageSession(principal, security.csrf_token_for(token), names.get(community_id, ""), roles)
    if not roles & allowed:
        return render(
            session,
            community_id,
            title,
            workbench.message_only(""),
            "你没有这个页面的权限 (your roles do not include this page)",
            403,
        )
    return session


async def checked_form(request: Request, session: PageSession) -> Any:
    form = await request.form()
    if not secrets.compare_digest(str(form.get("csrf_token", "")), session.csrf_token):
        raise Refused("forbidden", "this form did not come from this site (CSRF token missing or wrong)")
    return form


def render(
    session: PageSession, community_id: uuid.UUID, title: str, body: str, message: str = "", status: int = 200
) -> Response[str]:
    return Response(
        workbench.page(
            title=title,
            community=session.community,
            community_id=str(community_id),
            username=session.principal.username,
            roles=session.roles,
            body=body,
            message=message,
            error=status >= 400,
        ),
        status_code=status,
        media_type=HTML,
    )


def refusal_message(refusal: Refused) -> tuple[str, int]:
    return f"未办理 Not done ({refusal.code}): {refusal.detail}", STATUS_OF_CODE.get(refusal.code, 400)


def checked(value: dict[str, Any], command: type) -> Any:
    try:
        return msgspec.convert(value, command)
    except msgspec.ValidationError as error:
        raise Refused("validation_failed", str(error)) from error


def whole_number(value: Any) -> Any:
    text = str(value if value is not None else "").strip()
    return int(text) if re.fullmatch(r"-?[0-9]{1,9}", text) else text
