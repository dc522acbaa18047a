"""Every test runs against real PostgreSQL: the embedded server under .ledger/ with a
database made fresh for this run, or LEDGER_TEST_DATABASE_URL (a disposable database)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from hypothesis import HealthCheck, settings

from ledger import embedded
from ledger.store.migrations import migrate
from ledger.store.pool import connect_owner, create_pool

# The server, its HTTP client and a staffed community, for tests/api and tests/browser alike.
from tests.server import client, server, staffed  # noqa: F401

# The stateful property test (tests/properties) runs as these profiles say: the suite's
# 40 examples of 40 steps ("ci", also under Hypothesis' own name "default"), or ops/fuzz
# --long's thousand of a hundred ("long"), picked by HYPOTHESIS_PROFILE or
# --hypothesis-profile. Registered here because the plugin loads the profile before any test
# module is imported. Each step drives real PostgreSQL: no deadline, and slow data is fine.
_REAL_DATABASE = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("ci", max_examples=40, stateful_step_count=40, **_REAL_DATABASE)
settings.register_profile("default", settings.get_profile("ci"))
settings.register_profile("long", max_examples=1_000, stateful_step_count=100, **_REAL_DATABASE)
# ops/test-citus: the same machine on the distributed schema, fewer examples. The model's
# rules are searched by the plain run's 40; here the question is whether the same commands
# answer the same on Citus, and each step costs several times more there (CI's time).
settings.register_profile("citus", max_examples=15, stateful_step_count=40, **_REAL_DATABASE)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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
