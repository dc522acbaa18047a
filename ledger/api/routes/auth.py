"""Staff log-in and log-out for API bearer tokens."""

from __future__ import annotations

from litestar import Request, post
from litestar.exceptions import NotAuthorizedException

from ledger.api import context
from ledger.api.guards import bearer_token
from ledger.api.schemas import AccessToken, Credentials
from ledger.services import auth


@post("/api/v1/auth/token", status_code=200, tags=["auth"], summary="Log in: a bearer token for the API")
async def issue_token(data: Credentials, request: Request) -> AccessToken:
    issued = await auth.log_in(context.pool(request), data.username, data.password)
    return AccessToken(access_token=issued.access_token, expires_in=issued.expires_in)


@post("/api/v1/auth/logout", status_code=204, tags=["auth"], summary="Revoke the bearer token used")
async def revoke_token(request: Request) -> None:
    token = bearer_token(request)
    if token is None:
        raise NotAuthorizedException("a bearer token is needed")
    await context.sessions(request).log_out(context.pool(request), token)
