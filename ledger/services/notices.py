"""Page notices (schema/0020): what a posted form did, kept a few minutes for the page the
browser is sent to next, bound to the session that posted it (none for public pages)."""

from __future__ import annotations

import secrets

import asyncpg

from ledger.services import security
from ledger.store import notices as store


def owner_hash(owner: str | None) -> bytes | None:
    """Only a hash of the posting session's token is kept beside the notice."""
    return None if owner is None else security.token_hash(owner)


async def keep(pool: asyncpg.Pool, owner: str | None, path: str, outcome: bytes, seconds: int) -> str:
    """Keep the notice for `seconds` and return the name the redirect carries."""
    name = secrets.token_urlsafe(12)
    async with pool.acquire() as connection, connection.transaction():
        await store.keep(connection, name, owner_hash(owner), path, outcome, seconds)
    return name
