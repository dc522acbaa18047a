"""Staff log-in and log-out for API bearer tokens, and changing one's own password."""

from __future__ import annotations

from typing import Annotated

from litestar import Request, get, post
from litestar.exceptions import NotAuthorizedException

from ledger.api import context, examples
from ledger.api.guards import ACCESS, bearer_token, logged_in
from ledger.api.rate_limit import client_address
from ledger.api.responses import answers
from ledger.api.schemas import AccessToken, Credentials
from ledger.api.schemas.people import Me, ServedCommunity
from ledger.services import auth
from ledger.services.staff import PasswordChange
from ledger.store import queries


@post(
    "/api/v1/auth/token",
    responses=answers(
        401,
        423,
        429,
        signed_in=False,
        with_body=True,
        unauthorized="wrong username or password (unauthorized)",
        locked="locked after five wrong passwords (account_locked)",
    ),
    status_code=200,
    tags=["auth"],
    summary="Log in: a bearer token for the API",
)
async def issue_token(data: Annotated[Credentials, examples.LOG_IN], request: Request) -> AccessToken:
    client = client_address(request)
    context.login_limiter(request).check(client, "log-in attempts")
    issued = await auth.log_in(context.pool(request), data.username, data.password, client)
    return AccessToken(access_token=issued.access_token, expires_in=issued.expires_in)


@post(
    "/api/v1/auth/logout",
    responses=answers(401, signed_in=False, unauthorized="no bearer token (unauthorized)"),
    status_code=204,
    tags=["auth"],
    summary="Revoke the bearer token used",
)
async def revoke_token(request: Request) -> None:
    token = bearer_token(request)
    if token is None:
        raise NotAuthorizedException("a bearer token is needed")
    await context.sessions(request).log_out(context.pool(request), token)


@post(
    "/api/v1/auth/password",
    responses=answers(with_body=True, forbidden="the current password is wrong (forbidden)"),
    status_code=204,
    opt={ACCESS: logged_in},
    tags=["auth"],
    summary="Change one's own password (ends every session)",
)
async def change_password(
    data: Annotated[PasswordChange, examples.PASSWORD_CHANGE], request: Request
) -> None:
    await auth.change_password(
        context.pool(request), context.principal(request), data.current_password, data.new_password
    )


@get(
    "/api/v1/me",
    responses=answers(401, signed_in=False),
    opt={ACCESS: logged_in},
    tags=["auth"],
    summary="Who I am and the communities I serve or oversee",
)
async def me(request: Request) -> Me:
    principal = context.principal(request)
    names = await queries.community_names(context.pool(request), list(principal.roles))
    return Me(
        user_id=principal.user_id,
        username=principal.username,
        communities=sorted(
            (
                ServedCommunity(id=community_id, name=names.get(community_id, ""), roles=sorted(roles))
                for community_id, roles in principal.roles.items()
            ),
            key=lambda community: community.name,
        ),
    )
