"""Staff log-in and log-out for API bearer tokens."""

from __future__ import annotations

from litestar import Request, post
from litestar.datastructures import State
from litestar.exceptions import NotAuthorizedException

from ledger.api.guards import bearer_token
from ledger.api.schemas import AccessToken, Credentials
from ledger.services import auth


@post("/api/v1/auth/token", status_code=200, tags=["auth"], summary="Log in: a bearer token for the API")
async def issue_token(data: Credentials, state: State) -> AccessToken:
    issued = await auth.log_in(state.pool, data.username, data.password)
    return AccessToken(access_token=issued.access_token, expires_in=issued.expires_in)


@post("/api/v1/auth/logout", status_code=204, tags=["auth"], summary="Revoke the bearer token used")
async def revoke_token(request: Request, state: State) -> None:
    token = bearer_token(request)
    if token is None:
        raise NotAuthorizedException("a bearer token is needed")
    await state.sessions.log_out(state.pool, token)
