"""Every test runs against real PostgreSQL: the embedded server under .ledger/ with a
database made fresh for this run, or LEDGER_TEST_DATABASE_URL (a disposable database)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from ledger import embedded
from ledger.store.migrations import migrate
from ledger.store.pool import connect_owner, create_pool

# The server, its HTTP client and a staffed community, for tests/api and tests/browser alike.
from tests.server import client, server, staffed  # noqa: F401

# Several runs at once (one per work tree or per person) each name a database of their own.
TEST_DATABASE = os.environ.get("LEDGER_TEST_DATABASE", "ledger_test")


async def _migrate(url: str) -> None:
    connection = await connect_owner(url)
    try:
        await migrate(connection)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def database_url() -> str:
    url = os.environ.get("LEDGER_TEST_DATABASE_URL")
    if url is None:
        home = Path(os.environ.get("LEDGER_HOME", ".ledger")).resolve()
        url = embedded.ensure_database(home, TEST_DATABASE, fresh=True)
    asyncio.run(_migrate(url))
    return url


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def pool(database_url: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await create_pool(database_url, minimum=1, maximum=20)
    yield pool
    await pool.close()


@pytest.fixture
async def owner(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await connect_owner(database_url)
    yield connection
    await connection.close()
