"""Staff accounts, their roles and their bearer sessions (kept out of the public log)."""

from __future__ import annotations

import datetime
import uuid

import asyncpg

from ledger.store.types import Connectable


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


async def user_by_username(db: Connectable, username: str) -> asyncpg.Record | None:
    return await db.fetchrow(
        "SELECT user_id, username, password_hash, disabled FROM users WHERE username = $1", username
    )


async def set_password_hash(db: Connectable, user_id: uuid.UUID, password_hash: str) -> None:
    await db.execute("UPDATE users SET password_hash = $2 WHERE user_id = $1", user_id, password_hash)


async def create_session(
    db: Connectable, token_hash: bytes, user_id: uuid.UUID, expires_at: datetime.datetime
) -> None:
    await db.execute(
        "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)",
        token_hash,
        user_id,
        expires_at,
    )


async def session_principal(db: Connectable, token_hash: bytes) -> list[asyncpg.Record] | None:
    """The roles of a live session's user (one row per community and role), or None."""
    rows = await db.fetch(
        """SELECT s.user_id, u.username, r.community_id, r.role
           FROM sessions s
           JOIN users u USING (user_id)
           LEFT JOIN staff_roles r USING (user_id)
           WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled""",
        token_hash,
    )
    return rows or None


async def revoke_session(db: Connectable, token_hash: bytes) -> None:
    await db.execute(
        "UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL", token_hash
    )
