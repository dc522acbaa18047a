"""Liveness and readiness for the process supervisor and the reverse proxy: /healthz says
the process answers (it never touches the database), /readyz that the database does too
(while it cannot be reached, the 503 database_unavailable problem every route answers then)."""

from __future__ import annotations

from litestar import Request, get

from ledger.api import context
from ledger.api.responses import problem_response
from ledger.api.schemas import Readiness
from ledger.store.pool import DatabaseUnavailable

# A database slower than this to say "1" is not ready to serve counters.
READY_SECONDS_MAX = 2.0


@get("/healthz", tags=["health"], summary="The process is up")
async def healthz() -> Readiness:
    return Readiness("ok")


@get(
    "/readyz",
    tags=["health"],
    summary="The database answers",
    response_description="ready",
    responses={
        503: problem_response(503, "not ready: the database cannot be reached (database_unavailable)")
    },
)
async def readyz(request: Request) -> Readiness:
    try:
        await context.pool(request).fetchval("SELECT 1", timeout=READY_SECONDS_MAX)
    except TimeoutError as error:  # our own bound above: connected, but not answering
        raise DatabaseUnavailable("the database did not answer in time") from error
    # An outage raises its own error here, answered 503 by problems.database_unavailable.
    return Readiness("ok")
