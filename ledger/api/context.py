"""What a handler needs from its request: the app's resources and who is asking.

Read straight from the app and the ASGI scope: litestar's `state` parameter and
`connection.state` each build a new State object per request, which showed in profiles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import asyncpg
from litestar.connection import ASGIConnection

from ledger.api.rate_limit import RateLimiter
from ledger.services.auth import Principal, SessionCache

if TYPE_CHECKING:  # the app makes the batcher; a handler only hands it on
    from ledger.store.group_commit import RedemptionBatcher

_PRINCIPAL = "ledger.principal"


def pool(connection: ASGIConnection[Any, Any, Any, Any]) -> asyncpg.Pool:
    return connection.app.state.pool


def batcher(connection: ASGIConnection[Any, Any, Any, Any]) -> RedemptionBatcher:
    return connection.app.state.batcher


def sessions(connection: ASGIConnection[Any, Any, Any, Any]) -> SessionCache:
    return connection.app.state.sessions


def login_limiter(connection: ASGIConnection[Any, Any, Any, Any]) -> RateLimiter:
    return connection.app.state.login_limiter


def card_limiter(connection: ASGIConnection[Any, Any, Any, Any]) -> RateLimiter:
    return connection.app.state.card_limiter


def public_address(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The address printed on cards, sheets and receipts: LEDGER_PUBLIC_URL when set, else
    the address this request came to."""
    configured: str | None = connection.app.state.public_url
    return configured or str(connection.base_url).rstrip("/")


def remember_principal(connection: ASGIConnection[Any, Any, Any, Any], principal: Principal) -> None:
    connection.scope[_PRINCIPAL] = principal  # type: ignore[literal-required]


def principal(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    return connection.scope[_PRINCIPAL]  # type: ignore[literal-required]
