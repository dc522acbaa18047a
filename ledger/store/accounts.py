"""Staff accounts, their roles and their bearer sessions (kept out of the public log)."""

from __future__ import annotations

import contextlib
import datetime
import uuid
from collections.abc import AsyncIterator

import asyncpg

from ledger.store.types import Connectable, Connection


async def create_user(
    db: Connectable, user_id: uuid.UUID, username: str, display_name: str, password_hash: str
) -> uuid.UUID:
    """Create the user, or return the id of the existing one with that username."""
    existing = await db.fetchval("SELECT user_id FROM users WHERE username = $1", username)
    if existing is not None:
        return existing
    await db.execute(
        "INSERT INTO users (user_id, username, display_name, password_hash) VALUES ($1, $2, $3, $4)",
        user_id,
        username,
        display_name,
        password_hash,
    )
    return user_id


async def add_user(
    db: Connectable, user_id: uuid.UUID, username: str, display_name: str, password_hash: str
) -> uuid.UUID | None:
    """Create the user; None when the username is taken (by an earlier or a concurrent
    request alike: the unique username decides, not a look-up before)."""
    return await db.fetchval(
        """INSERT INTO users (user_id, username, display_name, password_hash) VALUES ($1, $2, $3, $4)
           ON CONFLICT (username) DO NOTHING RETURNING user_id""",
        user_id,
        username,
        display_name,
        password_hash,
    )


async def user_by_username(db: Connectable, username: str) -> asyncpg.Record | None:
    return await db.fetchrow(
        """SELECT user_id, username, password_hash, disabled, failed_logins, locked_until,
                  locked_until > now() AS locked
           FROM users WHERE username = $1""",
        username,
    )


async def user_by_id(db: Connectable, user_id: uuid.UUID) -> asyncpg.Record | None:
    return await db.fetchrow(
        "SELECT user_id, username, display_name, password_hash, disabled FROM users WHERE user_id = $1",
        user_id,
    )


async def record_login_failure(
    db: Connectable, user_id: uuid.UUID, failures_max: int, lock_seconds: int
) -> bool:
    """Count a wrong password; lock the account at the limit. True when now locked."""
    # The clock is read once, in FROM: Citus (users is a reference table there) refuses a
    # function that is not immutable inside CASE or RETURNING, and it is the same moment anyway.
    return bool(
        await db.fetchval(
            """UPDATE users u SET failed_logins = u.failed_logins + 1,
                   locked_until = CASE WHEN u.failed_logins + 1 >= $2
                                       THEN clock.lock_end ELSE u.locked_until END
               FROM (SELECT now() AS at, now() + make_interval(secs => $3) AS lock_end) AS clock
               WHERE u.user_id = $1
               RETURNING u.locked_until > clock.at""",
            user_id,
            failures_max,
            lock_seconds,
        )
    )


async def record_login_success(db: Connectable, user_id: uuid.UUID) -> None:
    await db.execute(
        "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE user_id = $1 AND failed_logins > 0",
        user_id,
    )


async def set_password_hash(db: Connectable, user_id: uuid.UUID, password_hash: str) -> None:
    """A new password unlocks the account and ends every session of the old one."""
    async with _transaction(db) as connection:
        await connection.execute(
            """UPDATE users SET password_hash = $2, password_changed_at = now(), failed_logins = 0,
                   locked_until = NULL WHERE user_id = $1""",
            user_id,
            password_hash,
        )
        await connection.execute(
            "UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL", user_id
        )


@contextlib.asynccontextmanager
async def _transaction(db: Connectable) -> AsyncIterator[Connection]:
    if isinstance(db, asyncpg.Pool):
        async with db.acquire() as connection, connection.transaction():
            yield connection
    else:
        async with db.transaction():
            yield db


async def create_session(
    db: Connectable,
    token_hash: bytes,
    user_id: uuid.UUID,
    expires_at: datetime.datetime,
    csrf_token_hash: bytes | None = None,
) -> None:
    await db.execute(
        "INSERT INTO sessions (token_hash, user_id, expires_at, csrf_token_hash) VALUES ($1, $2, $3, $4)",
        token_hash,
        user_id,
        expires_at,
        csrf_token_hash,
    )


async def session_principal(db: Connectable, token_hash: bytes) -> list[asyncpg.Record] | None:
    """A live session's user with one row per community and role (staff roles, and the
    read-only 'oversight' role in every community of a township or county they oversee),
    or None."""
    rows = await db.fetch(
        """WITH live AS (
               SELECT s.user_id, u.username, s.csrf_token_hash
               FROM sessions s JOIN users u USING (user_id)
               WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled
           ), roles AS (
               SELECT r.community_id, r.role FROM staff_roles r JOIN live USING (user_id)
               UNION
               SELECT c.community_id, 'oversight'
               FROM oversight_grants g JOIN live USING (user_id)
               JOIN townships t ON t.township_id = g.township_id OR t.county_id = g.county_id
               JOIN communities c ON c.township_id = t.township_id
           )
           SELECT live.user_id, live.username, live.csrf_token_hash, roles.community_id, roles.role
           FROM live LEFT JOIN roles ON true""",
        token_hash,
    )
    return rows or None


async def grant_oversight(
    db: Connectable, user_id: uuid.UUID, township_id: uuid.UUID | None, county_id: uuid.UUID | None
) -> None:
    await db.execute(
        "INSERT INTO oversight_grants (user_id, township_id, county_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        user_id,
        township_id,
        county_id,
    )


async def revoke_session(db: Connectable, token_hash: bytes) -> None:
    await db.execute(
        "UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL", token_hash
    )
