"""The one application factory, for the JSON API (ledger/api) and the pages (ledger/web):
resources come in as arguments, nothing is global."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import asyncpg
from litestar import Litestar, Request
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.types import ControllerRouterHandler, ExceptionHandler, ExceptionHandlersMap

from ledger import database_watch, limits, logs
from ledger.api import guards, problems
from ledger.api.observability import observed
from ledger.api.rate_limit import RateLimiter
from ledger.api.responses import DocumentedAnswers
from ledger.api.routes import (
    auth,
    carry_over,
    claims,
    community,
    counter,
    fairness,
    fund_board,
    groups,
    health,
    households,
    oversight,
    proposals,
    publicity,
    residents,
    rules,
    staff,
    supermarket,
)
from ledger.api.strict_body import check_body
from ledger.domain.errors import Refused
from ledger.services import publicity as publicity_service
from ledger.services.auth import SessionCache
from ledger.store.group_commit import RedemptionBatcher
from ledger.store.pool import CONNECTION_LOST_ERRORS, DatabaseUnavailable, create_pool
from ledger.web import language
from ledger.web import pages as page_words
from ledger.web import routes as pages

# The JSON API's operations, then the pages (ledger/web) and their static files.
ROUTE_HANDLERS: list[ControllerRouterHandler] = [
    health.healthz,
    health.readyz,
    auth.issue_token,
    auth.revoke_token,
    auth.change_password,
    auth.me,
    staff.StaffController,
    community.CommunityController,
    households.HouseholdController,
    groups.GroupsController,
    supermarket.SupermarketController,
    counter.CounterController,
    rules.RulesController,
    carry_over.CarryOverController,
    proposals.ProposalsController,
    claims.ClaimsController,
    claims.claim_with_card,
    claims.claim_evidence,
    proposals.settle,
    proposals.grant_honour,
    publicity.PublicityController,
    publicity.public_board,
    publicity.object_from_board,
    publicity.object_with_card,
    publicity.monthly_board,
    *fund_board.ROUTES,
    oversight.township_activity,
    oversight.county_activity,
    oversight.community_activity,
    fairness.declare_own,
    fairness.declare_for,
    residents.card_json,
    *pages.ROUTES,
    pages.STATIC,
]


def _lifespan(
    database_url: str, pool_size: int, tick_seconds: float, public_url: str | None, embedded_home: Path | None
) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    """What the app holds while it runs: the pool, the sessions, the batcher, the limiters, and
    the background tasks (confirming awards whose publicity ended; watching the embedded database)."""

    @asynccontextmanager
    async def database(app: Litestar) -> AsyncIterator[None]:
        app.state.pool = await create_pool(database_url, maximum=pool_size)
        app.state.sessions = SessionCache()
        app.state.public_url = public_url.rstrip("/") if public_url else None
        app.state.batcher = RedemptionBatcher(app.state.pool)
        app.state.login_limiter = RateLimiter(limits.LOGIN_ATTEMPTS_PER_MINUTE_PER_CLIENT)
        app.state.card_limiter = RateLimiter(limits.CARD_LOOKUPS_PER_MINUTE_PER_CLIENT)
        # Awards whose publicity has ended are confirmed by this task as well as by `ledger tick`.
        confirming = asyncio.create_task(publicity_service.run_forever(app.state.pool, tick_seconds))
        background = [confirming]
        if embedded_home is not None:
            background.append(asyncio.create_task(database_watch.watch_embedded(embedded_home)))
        try:
            yield
        finally:
            for task in background:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await app.state.pool.close()

    return database


async def _before_handler(request: Request) -> None:
    """Before every handler: who asks (the route's access check), then what was sent."""
    await guards.admit(request)
    await check_body(request)


def _exception_handlers(outage: ExceptionHandler) -> ExceptionHandlersMap:
    return {
        Refused: problems.refused,
        HTTPException: problems.http_error,
        DatabaseUnavailable: outage,
        # Only their words for a closed or cut-off connection; the rest are bugs (500).
        asyncpg.InterfaceError: outage,
        asyncpg.exceptions.InternalClientError: outage,
        **{error_type: outage for error_type in CONNECTION_LOST_ERRORS},
        Exception: problems.unexpected,
    }


def create_app(
    database_url: str,
    *,
    pool_size: int = 10,
    tick_seconds: float = 60.0,
    public_url: str | None = None,
    embedded_home: Path | None = None,
) -> Litestar:
    """`public_url` is the address printed on cards, sheets and receipts (LEDGER_PUBLIC_URL);
    None: the address each request came to. `embedded_home`: the database is the embedded
    PostgreSQL under it, which this process starts again whenever it stops."""

    database = _lifespan(database_url, pool_size, tick_seconds, public_url, embedded_home)

    # Every exception type that can mean "the database cannot be reached", to the one answer.
    outage = problems.database_unavailable(page_words.database_unavailable)

    return Litestar(
        route_handlers=ROUTE_HANDLERS,
        lifespan=[database],
        plugins=[DocumentedAnswers()],
        exception_handlers=_exception_handlers(outage),
        request_max_body_size=limits.REQUEST_BODY_BYTES_MAX,
        openapi_config=OpenAPIConfig(
            title="爱心积分账本 · Love-Supermarket Points Ledger",
            version="1",
            path="/schema",
            render_plugins=[JsonRenderPlugin()],
        ),
        middleware=[observed, language.remembered],  # each page links to itself in the other language
        before_request=_before_handler,
        logging_config=None,
        debug=False,
    )


def create_app_from_environment() -> Litestar:
    """For server processes started by uvicorn's --workers (set by `ledger serve`)."""
    logs.configure()
    return create_app(
        os.environ["LEDGER_DATABASE_URL"],
        pool_size=int(os.environ.get("LEDGER_POOL_SIZE", "10")),
        tick_seconds=float(os.environ.get("LEDGER_TICK_SECONDS", "60")),
        public_url=os.environ.get("LEDGER_PUBLIC_URL") or None,
        # Set by `ledger serve` for its workers when the database is the embedded one.
        embedded_home=Path(os.environ["LEDGER_EMBEDDED_HOME"])
        if os.environ.get("LEDGER_EMBEDDED_HOME")
        else None,
    )
