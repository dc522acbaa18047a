"""Ordering two transactions for a race test without trusting the clock: a test holds a lock
in a transaction of its own, starts the use case, waits until the database says the use case
is waiting for that lock, and only then lets go."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from ledger.store import distribution, record

WAIT_STEPS_MAX = 2_000  # 20 s at most: a use case that never waits is a failed test, not a hang


# On Citus a use case's statements run on its community's worker, and it waits there: the
# coordinator's pg_stat_activity never shows that wait, Citus's view of every node's does.
_WAITING = """SELECT count(*) FROM {activity}
              WHERE datname = current_database() AND wait_event_type = 'Lock'"""


async def waiting_for_a_lock(owner: asyncpg.Connection, count: int = 1) -> None:
    """Return once `count` sessions of this database wait for a lock (a row or the head)."""
    activity = "citus_stat_activity" if await distribution.is_citus(owner) else "pg_stat_activity"
    for _ in range(WAIT_STEPS_MAX):
        waiting = await owner.fetchval(_WAITING.format(activity=activity))
        if waiting >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{count} sessions never came to wait for the lock")


@asynccontextmanager
async def head_held(pool: asyncpg.Pool, community_id: uuid.UUID) -> AsyncIterator[asyncpg.Connection]:
    """The community's head lock held in an open transaction until the block ends (what is
    done on the connection inside commits with it)."""
    async with pool.acquire() as connection, connection.transaction():
        await record.lock_head(connection, community_id)
        yield connection


async def started_and_waiting(
    owner: asyncpg.Connection, use_case: Awaitable[Any], count: int = 1
) -> asyncio.Task:
    """The use case running, and come to wait for a lock the test holds."""
    task = asyncio.ensure_future(use_case)
    await waiting_for_a_lock(owner, count)
    assert not task.done(), "the use case did not wait for the lock"
    return task
