"""Liveness and readiness for the process supervisor and the reverse proxy."""

from __future__ import annotations

from litestar import Request, Response, get

from ledger.api import context


@get("/healthz", tags=["health"], summary="The process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@get("/readyz", tags=["health"], summary="The database answers")
async def readyz(request: Request) -> Response:
    try:
        await context.pool(request).fetchval("SELECT 1", timeout=2)
    except Exception as error:  # any failure means not ready; the reason goes to the answer
        return Response({"status": "unavailable", "detail": type(error).__name__}, status_code=503)
    return Response({"status": "ok"})
