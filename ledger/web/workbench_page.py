"""What every workbench page shares, as one mechanism: a page is what it shows and what
its forms do. `workbench_page` makes its GET and POST handlers: the staff member behind
the session cookie and their roles in the community, the CSRF check of a posted form,
the page frame, and refusals shown on the page (with their status) instead of as JSON."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import msgspec
from litestar import Request, Response, get, post
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath
from litestar.response import Redirect

from ledger.api import context
from ledger.api.problems import STATUS_OF_CODE
from ledger.documents.workbook import XLSX_MEDIA_TYPE, workbook_bytes
from ledger.domain.errors import Refused
from ledger.domain.spreadsheet import Table
from ledger.messages import catalog, validation, words
from ledger.services import auth, security
from ledger.services.sheet_import import ImportUseCase
from ledger.store import queries
from ledger.web import workbench
from ledger.web.notices import Outcome, outcome_shown, see_outcome
from ledger.web.routes.login import HTML, web_principal


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
    allowed = workbench.PAGES[page][1]
    title = workbench.page_title(page)
    session = PageSession(principal, security.csrf_token_for(token), names.get(community_id, ""), roles)
    if not roles & allowed:
        return render(
            session,
            community_id,
            title,
            workbench.message_only(""),
            words("你的角色不能打开这个页面", "Your roles do not include this page"),
            403,
        )
    return session


Show = Callable[[Request, PageSession, uuid.UUID, Any], Awaitable[str]]
Act = Callable[[Request, PageSession, uuid.UUID, Any], Awaitable[Outcome]]


def workbench_page(
    name: str, show: Show, act: Act | None = None, max_body: int | None = None
) -> list[HTTPRouteHandler]:
    """GET /staff/{community}/{name} shows the page; POST (for a page with a form: `act`) runs
    its form and sends the browser back to the page with what happened (post → redirect →
    get: a reload sends nothing again). A refusal changes nothing and is shown on the page
    with its status — also one the page's own query string earns (a bad filter)."""
    path = f"/staff/{{community_id:uuid}}/{name}"

    async def shown(community_id: FromPath[uuid.UUID], request: Request) -> Response[Any]:
        session = await open_page(request, community_id, name)
        if isinstance(session, Response):
            return session
        outcome = await outcome_shown(request, session.csrf_token) or Outcome("")
        try:
            body = await show(request, session, community_id, outcome.details)
        except Refused as refusal:
            message, status = refusal_message(refusal)
            return render(session, community_id, workbench.page_title(name), "", message, status)
        # A refusal keeps its status on the page it is shown on; what was done reads 200.
        status = outcome.status if outcome.status >= 400 else 200
        return render(session, community_id, workbench.page_title(name), body, outcome.message, status)

    page = get(path, include_in_schema=False, name=f"{name} page")(shown)
    if act is None:
        return [page]
    form_act: Act = act

    async def acted(community_id: FromPath[uuid.UUID], request: Request) -> Response[Any]:
        session = await open_page(request, community_id, name)
        if isinstance(session, Response):
            return session
        try:
            outcome = await form_act(request, session, community_id, await checked_form(request, session))
        except Refused as refusal:
            message, status = refusal_message(refusal)
            outcome = Outcome(message, status)
        return await see_outcome(request, f"/staff/{community_id}/{name}", session.csrf_token, outcome)

    # Without max_body, the application's limit applies (None would mean no limit at all).
    if max_body is None:
        return [page, post(path, include_in_schema=False, name=f"{name} form")(acted)]
    return [
        page,
        post(path, include_in_schema=False, name=f"{name} form", request_max_body_size=max_body)(acted),
    ]


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
    return catalog.refusal(refusal), STATUS_OF_CODE.get(refusal.code, 400)


def checked(value: dict[str, Any], command: type) -> Any:
    try:
        return msgspec.convert(value, command)
    except msgspec.ValidationError as error:
        raise Refused("validation_failed", "{problem}", problem=validation.worded_error(error)) from error


def _checked_rows(report: dict[str, Any]) -> str:
    return words(f"检查通过：{report['rows']} 行", f"Checked: {report['rows']} rows, nothing imported yet")


async def sheet_import(
    form: Any,
    run: Callable[[bytes, bool], Awaitable[dict[str, Any]]],
    imported: Callable[[dict[str, Any]], str],
    checked_only: Callable[[dict[str, Any]], str] = _checked_rows,
    status: int = 200,
) -> Outcome:
    """A sheet upload from a page: checked only (the box is ticked by default) or applied
    (answered with `status`), all rows or none; the report's problems are shown row by row
    under the form."""
    upload = form.get("file")
    if not getattr(upload, "filename", None):
        raise Refused("validation_failed", "choose a spreadsheet: .xls, .xlsx, .ods or CSV")
    dry_run = bool(form.get("dry_run"))
    report = await run(await upload.read(), dry_run)
    problems = len(report["problems"])
    if problems:
        return Outcome(
            words(f"文件有 {problems} 处问题，未导入", f"{problems} problems; nothing imported"), 400, report
        )
    if dry_run:
        return Outcome(checked_only(report), 200, report)
    return Outcome(imported(report), status, report)


async def row_import(
    request: Request,
    session: PageSession,
    community_id: uuid.UUID,
    form: Any,
    use_case: ImportUseCase,
    imported: Callable[[dict[str, Any]], str],
) -> Outcome:
    """`sheet_import` of a goods catalog, rule catalog or roster: its use case run as the
    staff member behind the page, `imported` wording its report."""

    async def run(content: bytes, dry_run: bool) -> dict[str, Any]:
        actor = session.principal.user_id
        return (await use_case(context.pool(request), community_id, actor, content, dry_run)).as_dict()

    return await sheet_import(form, run, imported)


def workbook_download(
    page: str, name: str, make: Callable[[asyncpg.Pool, uuid.UUID], Awaitable[Table]]
) -> HTTPRouteHandler:
    """GET /staff/{community}/{page}/{name}: the page's sheet as .xlsx, for whoever may open the page."""

    async def download(community_id: FromPath[uuid.UUID], request: Request) -> Response[Any]:
        session = await open_page(request, community_id, page)
        if isinstance(session, Response):
            return session
        return Response(
            workbook_bytes(await make(context.pool(request), community_id)),
            media_type=XLSX_MEDIA_TYPE,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return get(f"/staff/{{community_id:uuid}}/{page}/{name}", include_in_schema=False, name=f"{page} {name}")(
        download
    )
