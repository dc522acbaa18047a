"""The pieces of outage handling on their own: the embedded database's watch (its clock
and its start injected), which errors count as "the database cannot be reached" (real
asyncpg errors, so an asyncpg upgrade that changes them fails here), and the group commit
answering a batch whose commit outcome is unknown without running it again."""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from structlog.testing import capture_logs

from ledger import database_watch
from ledger.store import queries
from ledger.store.group_commit import RedemptionBatcher
from ledger.store.pool import DatabaseUnavailable, create_pool, is_outage
from tests.support import add_goods, add_household, give_points, new_village, redeem

pytestmark = pytest.mark.anyio


async def test_the_watch_starts_the_database_each_time_it_stopped_and_logs_each_start():
    home = Path("/nowhere/ledger-home")
    outcomes: list[Any] = [False, True, OSError("pg_ctl: could not start server"), False, True]
    asked: list[Path] = []
    periods: list[float] = []

    def start_if_stopped(where: Path) -> bool:
        asked.append(where)
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    async def sleep(seconds: float) -> None:
        periods.append(seconds)
        if not outcomes:  # every round has run: end the watch as the lifespan does
            raise asyncio.CancelledError

    with capture_logs() as lines, pytest.raises(asyncio.CancelledError):
        await database_watch.watch_embedded(home, sleep=sleep, start_if_stopped=start_if_stopped)

    assert asked == [home] * 5  # a failed start did not end the watch
    assert periods == [database_watch.WATCH_SECONDS] * 6
    assert 1 <= database_watch.WATCH_SECONDS <= 10
    assert [(line["log_level"], line["event"]) for line in lines] == [
        ("warning", "the embedded database had stopped; started it again"),
        ("error", "could not start the embedded database"),
        ("warning", "the embedded database had stopped; started it again"),
    ]
    assert "pg_ctl: could not start server" in lines[1]["error"]


async def test_no_database_at_the_address_is_an_outage(tmp_path):
    with pytest.raises(DatabaseUnavailable) as raised:
        # No server's socket in that folder.
        await create_pool(f"postgresql://ledger@/ledger?host={tmp_path}", minimum=1, maximum=1)
    assert is_outage(raised.value)
    assert isinstance(raised.value.__cause__, OSError)


async def test_a_connection_cut_off_mid_use_is_an_outage_and_the_pool_reconnects(pool, owner, database_url):
    async with pool.acquire() as connection:
        backend = await connection.fetchval("SELECT pg_backend_pid()")
        # Cut off inside a transaction: asyncpg's rollback on the dead connection raises its
        # own InterfaceError ("the underlying connection is closed") over the lost connection.
        # (::integer: Citus adds a pg_terminate_backend(bigint) of its global pids, so an
        # untyped argument would be ambiguous there.)
        with pytest.raises(asyncpg.InterfaceError) as in_transaction:
            async with connection.transaction():
                await owner.execute("SELECT pg_terminate_backend($1::integer)", backend)
                await connection.fetchval("SELECT 1")
        assert is_outage(in_transaction.value), repr(in_transaction.value)
    assert await pool.fetchval("SELECT 1") == 1  # the next use gets a new connection

    # A connection cut off while idle: the next query is told "connection lost", or (if the
    # server's farewell arrived but not yet the end of the socket) asyncpg's protocol is
    # still consuming it, or, once the socket is closed, "connection is closed".
    seen: set[str] = set()
    for _ in range(20):
        alone = await asyncpg.connect(database_url)
        await owner.execute(
            "SELECT pg_terminate_backend($1::integer)", await alone.fetchval("SELECT pg_backend_pid()")
        )
        with pytest.raises(
            (asyncpg.PostgresError, asyncpg.InterfaceError, asyncpg.exceptions.InternalClientError)
        ) as cut_off:
            await alone.fetchval("SELECT 1")
        assert is_outage(cut_off.value), repr(cut_off.value)
        seen.add(type(cut_off.value).__name__)
        deadline = time.monotonic() + 30
        while not alone.is_closed() and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        with pytest.raises(asyncpg.InterfaceError) as closed:  # asyncpg's words for "closed", pinned
            await alone.fetchval("SELECT 1")
        assert is_outage(closed.value), repr(closed.value)
        await alone.close()
    assert seen <= {"ConnectionDoesNotExistError", "InternalClientError", "InterfaceError"}


async def test_misuse_and_sql_errors_are_bugs_not_outages(pool):
    async with pool.acquire() as connection:
        transaction = connection.transaction()
        await transaction.start()
        with pytest.raises(asyncpg.InterfaceError) as misuse:
            await transaction.start()
        await transaction.rollback()
        with pytest.raises(asyncpg.PostgresError) as sql_error:
            await connection.fetchval("SELECT * FROM no_such_table")
    assert not is_outage(misuse.value), repr(misuse.value)
    assert not is_outage(sql_error.value)
    assert not is_outage(TimeoutError())  # a slow query is not, by itself, a lost database
    assert not is_outage(OSError("a file"))


async def test_no_free_connection_in_time_is_an_outage_not_a_bare_timeout(database_url):
    pool = await create_pool(database_url, minimum=1, maximum=1)
    try:
        async with pool.acquire():  # the only connection, never given back while we wait
            with pytest.raises(DatabaseUnavailable) as waited:
                await pool.acquire(timeout=0.01)
        assert is_outage(waited.value)
        assert isinstance(waited.value.__cause__, TimeoutError)
    finally:
        await pool.close()


class _AnswerLostAfterCommit:
    """The database commits the batch, then the connection drops before the answer comes."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.calls = 0

    async def fetchval(self, query: str, *arguments: Any) -> Any:
        self.calls += 1
        await self.pool.fetchval(query, *arguments)
        raise asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation")


async def test_a_batch_whose_commit_outcome_is_unknown_is_not_run_again_and_its_retry_answers_the_logged_event(
    pool,
):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 100)
    goods = await add_goods(pool, village, "G01", 5, 100)
    key, digest = f"till-{uuid.uuid4().hex}", hashlib.sha256(b"one G01").digest()
    lost = _AnswerLostAfterCommit(pool)

    with pytest.raises(asyncpg.ConnectionDoesNotExistError) as raised:
        # (Told it batches one community at a time: its first call is then the batch itself.)
        batcher = RedemptionBatcher(lost, across_communities=False)
        await batcher.redeem(village.community_id, None, household, [(goods, 1)], key, digest)

    assert is_outage(raised.value)  # answered 503: the till retries with its key
    assert lost.calls == 1  # not run again alone: without a key that would sell twice
    retry = await redeem(pool, village.community_id, household, [(goods, 1)], key, digest)
    assert retry["replayed"] is True
    logged = await pool.fetch(
        "SELECT seq FROM events WHERE community_id = $1 AND idempotency_key = $2", village.community_id, key
    )
    assert [row["seq"] for row in logged] == [retry["event_seq"]]
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 95
