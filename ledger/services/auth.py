"""Who is asking: staff log in for a bearer token; each request resolves it to a Principal.

Resolved sessions are cached for a few seconds per process so a redemption costs one
database round trip, not two; logout evicts at once in this process and within
SESSION_CACHE_SECONDS everywhere else.
"""

from __future__ import annotations

import asyncio
import datetime
import time
import uuid
from dataclasses import dataclass, field

import asyncpg
import structlog

from ledger import limits
from ledger.domain.errors import Refused
from ledger.services import security
from ledger.store import accounts

_audit = structlog.get_logger("ledger.audit")


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: uuid.UUID
    username: str
    roles: dict[uuid.UUID, frozenset[str]] = field(default_factory=dict)
    csrf_token_hash: bytes | None = None  # web (cookie) sessions only

    def roles_in(self, community_id: uuid.UUID) -> frozenset[str]:
        return self.roles.get(community_id, frozenset())


@dataclass(frozen=True, slots=True)
class IssuedToken:
    access_token: str
    expires_in: int


@dataclass(frozen=True, slots=True)
class WebSession:
    session_token: str
    csrf_token: str
    expires_in: int


async def _check_password(pool: asyncpg.Pool, username: str, password: str, client: str) -> uuid.UUID:
    """The user id for a right password, else Refused; every attempt leaves an audit line."""
    user = await accounts.user_by_username(pool, username)
    usable = user is not None and not user["disabled"] and not user["locked"]
    # Verify even for an unknown or locked user, so the answer's timing tells nothing.
    # argon2 takes tens of milliseconds by design: in a thread, so other requests go on.
    stored_hash = user["password_hash"] if user is not None and usable else None
    matches = await asyncio.to_thread(security.password_matches, stored_hash, password)
    if user is not None and usable and matches:
        await accounts.record_login_success(pool, user["user_id"])
        _audit.info("login", username=username, client=client, outcome="ok")
        return user["user_id"]
    if user is not None and usable:
        locked = await accounts.record_login_failure(
            pool, user["user_id"], limits.LOGIN_FAILURES_MAX, limits.LOGIN_LOCK_SECONDS
        )
        _audit.warning(
            "login", username=username, client=client, outcome="locked" if locked else "wrong password"
        )
    else:
        outcome = "unknown user" if user is None else "disabled" if user["disabled"] else "locked"
        _audit.warning("login", username=username, client=client, outcome=outcome)
    if user is not None and user["locked"]:
        raise Refused("account_locked", "too many wrong passwords: the account is locked for a while")
    raise Refused("unauthorized", "wrong username or password")


def _expiry() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=limits.ACCESS_TOKEN_SECONDS)


async def log_in(pool: asyncpg.Pool, username: str, password: str, client: str = "") -> IssuedToken:
    user_id = await _check_password(pool, username, password, client)
    token = security.new_token()
    await accounts.create_session(pool, security.token_hash(token), user_id, _expiry())
    return IssuedToken(token, limits.ACCESS_TOKEN_SECONDS)


async def log_in_web(pool: asyncpg.Pool, username: str, password: str, client: str = "") -> WebSession:
    """A cookie session for the pages, with the CSRF token its forms must carry."""
    user_id = await _check_password(pool, username, password, client)
    token = security.new_token()
    csrf_token = security.csrf_token_for(token)
    await accounts.create_session(
        pool, security.token_hash(token), user_id, _expiry(), csrf_token_hash=security.token_hash(csrf_token)
    )
    return WebSession(token, csrf_token, limits.ACCESS_TOKEN_SECONDS)


async def change_password(pool: asyncpg.Pool, principal: Principal, current: str, new: str) -> None:
    user = await accounts.user_by_id(pool, principal.user_id)
    assert user is not None, "a live session names an existing user"
    if not await asyncio.to_thread(security.password_matches, user["password_hash"], current):
        raise Refused("unauthorized", "the current password is wrong")
    await accounts.set_password_hash(
        pool, principal.user_id, await asyncio.to_thread(security.hash_password, new)
    )
    _audit.info("password changed", username=principal.username)


class SessionCache:
    def __init__(self, seconds: float = limits.SESSION_CACHE_SECONDS, capacity: int = 10_000) -> None:
        self._seconds = seconds
        self._capacity = capacity
        self._entries: dict[bytes, tuple[float, Principal | None]] = {}

    async def principal(self, pool: asyncpg.Pool, token: str) -> Principal | None:
        key = security.token_hash(token)
        now = time.monotonic()
        cached = self._entries.get(key)
        if cached is not None and now - cached[0] < self._seconds:
            return cached[1]
        rows = await accounts.session_principal(pool, key)
        principal = None
        if rows is not None:
            roles: dict[uuid.UUID, set[str]] = {}
            for row in rows:
                if row["community_id"] is not None:
                    roles.setdefault(row["community_id"], set()).add(row["role"])
            principal = Principal(
                rows[0]["user_id"],
                rows[0]["username"],
                {c: frozenset(r) for c, r in roles.items()},
                rows[0]["csrf_token_hash"],
            )
        if len(self._entries) >= self._capacity:
            self._entries.clear()
        self._entries[key] = (now, principal)
        return principal

    async def log_out(self, pool: asyncpg.Pool, token: str) -> None:
        key = security.token_hash(token)
        await accounts.revoke_session(pool, key)
        self._entries.pop(key, None)
