"""The staff pages' sessions: log in with a form, a secure HttpOnly SameSite cookie, and a
CSRF token in every form (derived from the cookie's secret). The API itself takes only
bearer tokens, so a cookie can never make an API call on a forged request."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.response import Redirect

from ledger import limits
from ledger.api import context
from ledger.api.problems import STATUS_OF_CODE
from ledger.api.rate_limit import client_address
from ledger.domain.errors import Refused
from ledger.messages import catalog, words
from ledger.services import auth, security
from ledger.store import queries
from ledger.store.queries import activity as activity_reads
from ledger.store.queries import overview as overview_reads
from ledger.web import pages, workbench
from ledger.web.notices import Outcome, outcome_shown, see_outcome
from ledger.web.workbench import activity, people

SESSION_COOKIE = "ledger_session"
LOGIN_CSRF_COOKIE = "ledger_login_csrf"
HTML = "text/html; charset=utf-8"


def encrypted(request: Request) -> bool:
    """Whether the browser reached us over HTTPS (directly, or through the reverse proxy of
    ops/deploy, whose X-Forwarded-Proto uvicorn trusts from the proxy's address only)."""
    return request.url.scheme == "https"


def cookie(request: Request, key: str, value: str, max_age: int, path: str = "/") -> Cookie:
    # Secure whenever the request came over HTTPS. A village office serves phones on its
    # Wi-Fi over plain http://<office-ip>:8000, where browsers drop Secure cookies (staff
    # could never log in); there the log-in page says plainly that the link is not encrypted.
    return Cookie(
        key=key,
        value=value,
        max_age=max_age,
        path=path,
        httponly=True,
        secure=encrypted(request),
        samesite="strict",
    )


def _login_page(request: Request, error: str | None = None, status: int = 200) -> Response[str]:
    token = secrets.token_urlsafe(24)
    # What sent the browser here: a refused log-in (an error), or news such as a changed password.
    refused = error if status >= 400 else None
    notice = error if status < 400 else None
    return Response(
        pages.login(token, refused, encrypted=encrypted(request), notice=notice),
        status_code=status,
        media_type=HTML,
        cookies=[cookie(request, LOGIN_CSRF_COOKIE, token, 1800, path="/login")],
    )


async def web_principal(request: Request) -> tuple[auth.Principal, str] | None:
    """The staff member behind the session cookie, and the cookie's token (None: no web session)."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > 100:
        return None
    principal = await context.sessions(request).principal(context.pool(request), token)
    if principal is None or principal.csrf_token_hash is None:  # a bearer token is not a web session
        return None
    return principal, token


@dataclass(frozen=True, slots=True)
class StaffSession:
    """A staff page's session where no community is named (the staff home, one's password)."""

    principal: auth.Principal
    token: str
    csrf_token: str


async def staff_session(request: Request) -> StaffSession | Redirect:
    """The session behind the cookie, or the way to the log-in page."""
    found = await web_principal(request)
    if found is None:
        return Redirect("/login", status_code=303)
    principal, token = found
    return StaffSession(principal, token, security.csrf_token_for(token))


@get("/login", include_in_schema=False)
async def login_form(request: Request) -> Response[str]:
    shown = await outcome_shown(request, None)
    if shown is None:
        return _login_page(request)
    return _login_page(request, shown.message, shown.status)


@post("/login", include_in_schema=False)
async def login(request: Request) -> Redirect:
    form = await request.form()
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(str(form.get("csrf_token", "")), expected):
        return await see_outcome(
            request,
            "/login",
            None,
            Outcome(words("页面已过期，请重新登录", "The form expired; please log in again"), 400),
        )
    try:
        context.login_limiter(request).check(client_address(request), "log-in attempts")
        session = await auth.log_in_web(
            context.pool(request),
            str(form.get("username", ""))[: limits.USERNAME_LENGTH_MAX],
            str(form.get("password", ""))[: limits.PASSWORD_LENGTH_MAX],
            client_address(request),
        )
    except Refused as refusal:
        message, status = catalog.refusal(refusal), STATUS_OF_CODE[refusal.code]
        return await see_outcome(request, "/login", None, Outcome(message, status))
    return Redirect(
        "/staff",
        status_code=303,
        cookies=[cookie(request, SESSION_COOKIE, session.session_token, session.expires_in)],
    )


@get("/staff", include_in_schema=False)
async def staff_home(request: Request) -> Response[str] | Redirect:
    session = await staff_session(request)
    if isinstance(session, Redirect):
        return session
    principal = session.principal
    names = await queries.community_names(context.pool(request), list(principal.roles))
    communities = sorted((names.get(c, str(c)), str(c), roles) for c, roles in principal.roles.items())
    return Response(pages.staff_home(principal.username, session.csrf_token, communities), media_type=HTML)


@get("/staff/overview", include_in_schema=False)
async def overview(request: Request) -> Response[str] | Redirect:
    """Every community one serves or oversees, side by side; reading only."""
    session = await staff_session(request)
    if isinstance(session, Redirect):
        return session
    principal = session.principal
    rows = await overview_reads.communities(context.pool(request), list(principal.roles))
    overseen = await activity_reads.areas_overseen(context.pool(request), principal.user_id)
    body = activity.areas([dict(row) for row in overseen]) + people.overview([dict(row) for row in rows])
    page = workbench.page(
        title=words("概览", "Overview"),
        community=words("各村/社区", "Communities"),
        community_id="",
        username=principal.username,
        roles=frozenset(),
        body=body,
    )
    return Response(page, media_type=HTML)


@post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response[str] | Redirect:
    found = await web_principal(request)
    form = await request.form()
    if found is None:
        return Redirect("/login", status_code=303)
    _, token = found
    if not secrets.compare_digest(str(form.get("csrf_token", "")), security.csrf_token_for(token)):
        # Not this site's form (or an old page): nothing happens; back to the workbench.
        return Redirect("/staff", status_code=303)
    await context.sessions(request).log_out(context.pool(request), token)
    return Redirect("/login", status_code=303, cookies=[cookie(request, SESSION_COOKIE, "", 0)])
