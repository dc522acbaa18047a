"""Who may do what: a bearer token names a staff user; each route names the roles that
may use it within the community of its path (least privilege, DESIGN §4).

A route names its check in its opt (`opt={ACCESS: staff_of_community, "roles": …}`, or once
for a whole controller) and `admit` runs it before the handler. Not litestar's guards: those
copy the route handler for every call, which showed in the redemption's profile."""

from __future__ import annotations

import uuid

import structlog
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException

from ledger.api import context
from ledger.domain.errors import Refused
from ledger.messages import catalog
from ledger.services.auth import Principal


def bearer_token(connection: ASGIConnection) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not 20 <= len(token) <= 100:
        return None
    return token


async def principal_of(connection: ASGIConnection) -> Principal:
    token = bearer_token(connection)
    principal = None
    if token is not None:
        principal = await context.sessions(connection).principal(context.pool(connection), token)
    if principal is None:
        raise NotAuthorizedException("a valid bearer token is needed (POST /api/v1/auth/token)")
    context.remember_principal(connection, principal)
    structlog.contextvars.bind_contextvars(actor=principal.username)
    return principal


ACCESS = "access"  # the opt key naming a route's check


async def admit(request: Request) -> None:
    """The route's check, if it names one (public routes name none)."""
    check = request.route_handler.opt.get(ACCESS)
    if check is not None:
        await check(request)


async def logged_in(connection: ASGIConnection) -> None:
    """Any staff or oversight user with a live session."""
    await principal_of(connection)


async def staff_of_community(connection: ASGIConnection) -> None:
    """Allow the route's `roles` (handler opt) in the community named by the path."""
    route_handler = connection.route_handler
    if connection.scope.get("method") == "OPTIONS" and "roles" not in route_handler.opt:
        # litestar's own OPTIONS handler names no roles: it only lists the methods a path
        # takes, which the OpenAPI document shows anyone anyway (and a CORS preflight
        # never carries a token).
        return
    principal = await principal_of(connection)
    try:
        community_id = uuid.UUID(str(connection.path_params["community_id"]))
    except ValueError:
        raise PermissionDeniedException("not a community you serve") from None
    structlog.contextvars.bind_contextvars(community_id=str(community_id))
    allowed: frozenset[str] = route_handler.opt["roles"]
    if not principal.roles_in(community_id) & allowed:
        role_words = catalog.role_names(sorted(allowed))
        raise Refused(
            "forbidden", "this needs one of these roles in this community: {roles}", roles=role_words
        )
