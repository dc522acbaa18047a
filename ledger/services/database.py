"""The database the operator's commands work on: which one, bringing its schema up to date,
and the connections a command holds while it runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from ledger import embedded
from ledger.config import Settings
from ledger.store import migrations
from ledger.store.pool import connect_owner, create_pool


def database_url(settings: Settings) -> str:
    """LEDGER_DATABASE_URL, else the embedded PostgreSQL under the ledger's home (started if
    it is not running)."""
    return settings.database_url or embedded.ensure_database(settings.home)


@asynccontextmanager
async def owner_connection(url: str) -> AsyncIterator[asyncpg.Connection]:
    """One connection as the login role, for migrations and the operator's tools."""
    connection = await connect_owner(url)
    try:
        yield connection
    finally:
        await connection.close()


async def migrate(url: str) -> list[str]:
    """Apply the migrations the database lacks; the names applied (empty: up to date)."""
    async with owner_connection(url) as connection:
        return await migrations.migrate(connection)


@asynccontextmanager
async def migrated(url: str, pool_size_max: int) -> AsyncIterator[tuple[asyncpg.Connection, asyncpg.Pool]]:
    """The database brought up to date, then an owner connection and a serving pool on it."""
    await migrate(url)
    async with owner_connection(url) as owner:
        pool = await create_pool(url, minimum=1, maximum=pool_size_max)
        try:
            yield owner, pool
        finally:
            await pool.close()
