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

from ledger import limits
from ledger.domain.errors import Refused
from ledger.services import security
from ledger.store import accounts

ROLES = ("counter", "scorer", "committee", "supervisor", "admin")


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: uuid.UUID
    username: str
    roles: dict[uuid.UUID, frozenset[str]] = field(default_factory=dict)

    def roles_in(self, community_id: uuid.UUID) -> frozenset[str]:
        return self.roles.get(community_id, frozenset())


@dataclass(frozen=True, slots=True)
class IssuedToken:
    access_token: str
    expires_in: int


async def log_in(pool: asyncpg.Pool, username: str, password: str) -> IssuedToken:
    user = await accounts.user_by_username(pool, username)
    password_hash = user["password_hash"] if user is not None and not user["disabled"] else None
    # Verify even for an unknown user, so the answer's timing does not tell which it was.
    # argon2 takes tens of milliseconds by design: in a thread, so other requests go on.
    matches = await asyncio.to_thread(security.password_matches, password_hash, password)
    if user is None or not matches:
        raise Refused("unauthorized", "wrong username or password")
    token = security.new_token()
    expires_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=limits.ACCESS_TOKEN_SECONDS)
    await accounts.create_session(pool, security.token_hash(token), user["user_id"], expires_at)
    return IssuedToken(token, limits.ACCESS_TOKEN_SECONDS)


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
                rows[0]["user_id"], rows[0]["username"], {c: frozenset(r) for c, r in roles.items()}
            )
        if len(self._entries) >= self._capacity:
            self._entries.clear()
        self._entries[key] = (now, principal)
        return principal

    async def log_out(self, pool: asyncpg.Pool, token: str) -> None:
        key = security.token_hash(token)
        await accounts.revoke_session(pool, key)
        self._entries.pop(key, None)
