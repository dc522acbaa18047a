"""Backup and restore of a distributed database, as an operator runs them: `ledger backup`
against a Citus coordinator, `ledger restore` into a fresh distributed database (Citus on
every node, the workers registered, nothing else) — which comes back distributed as
`ledger migrate` places a new cluster, with every chain verifying to the same heads and
balances, and serving. While the backup reads, no write commits; a backup made at other
migrations than this release's is refused rather than loaded into a schema it does not fit.

Citus only: on plain PostgreSQL these skip (tests/test_backup.py covers that server).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from ledger.store import distribution, write_freeze
from ledger.store.migrations import migrate
from ledger.store.pool import connect_owner, create_pool
from ops.citus_cluster import databases
from tests.support import add_goods, add_household, give_points, new_village, redeem
from tests.test_cli import ledger


async def _is_citus(url: str) -> bool:
    connection = await connect_owner(url)
    try:
        return await distribution.is_citus(connection)
    finally:
        await connection.close()


async def _migrate(url: str) -> None:
    connection = await connect_owner(url)
    try:
        await migrate(connection)
    finally:
        await connection.close()


@pytest.fixture
def fresh_distributed_databases(database_url: str) -> Iterator[list[str]]:
    """Two fresh databases on the test cluster, each with Citus on every node and the workers
    registered — a new cluster as far as Citus is concerned — dropped afterwards. The first,
    the source, is migrated; the second, the target, holds nothing else."""
    if not asyncio.run(_is_citus(database_url)):
        pytest.skip("the test database is not a Citus coordinator: there is no distributed backup")
    names = [f"ledger_citus_backup_{uuid.uuid4().hex[:8]}" for _ in range(2)]

    async def each(action) -> None:
        coordinator, workers = await databases.nodes_of(database_url)
        for name in names:
            await action(coordinator, workers, name)

    asyncio.run(each(lambda c, w, name: databases.ensure(c, w, name, fresh=True)))
    source = databases.with_database(database_url, names[0])
    asyncio.run(_migrate(source))
    yield [databases.with_database(database_url, name) for name in names]
    asyncio.run(each(databases.drop))


async def _seed_two_more_villages(url: str) -> list[uuid.UUID]:
    """Beside the demo: villages whose shards land apart, each with a sale."""
    pool = await create_pool(url, minimum=1, maximum=4)
    try:
        made = []
        for _ in range(4):
            village = await new_village(pool)
            household = await add_household(pool, village, "001")
            await give_points(pool, village, household, 40)
            goods = await add_goods(pool, village, "G01", 7, 5)
            await redeem(pool, village.community_id, household, [(goods, 2)])
            made.append(village.community_id)
        return made
    finally:
        await pool.close()


async def _record_of(url: str) -> dict[str, list[tuple]]:
    """What must come back: every chain head and every household's balance."""
    connection = await connect_owner(url)
    try:
        return {
            "heads": [
                tuple(r)
                for r in await connection.fetch(
                    "SELECT community_id, head_seq, head_hash FROM community_heads ORDER BY 1"
                )
            ],
            "balances": [
                tuple(r)
                for r in await connection.fetch(
                    "SELECT community_id, household_id, spendable, pending, honour FROM household_balances"
                    " ORDER BY 1, 2"
                )
            ],
        }
    finally:
        await connection.close()


async def _placements(url: str) -> dict[str, str]:
    """Where each of our tables is on the cluster, as distribution.py names places."""
    connection = await connect_owner(url)
    try:
        rows = await connection.fetch(
            """SELECT logicalrelid::regclass::text AS name,
                      CASE WHEN partmethod = 'h' THEN 'distributed'
                           WHEN repmodel = 't' THEN 'reference' ELSE 'coordinator' END AS place
               FROM pg_dist_partition"""
        )
        return {row["name"]: row["place"] for row in rows}
    finally:
        await connection.close()


def test_a_distributed_backup_restores_into_a_fresh_cluster_distributed_with_the_same_record(
    fresh_distributed_databases, tmp_path: Path
):
    source, target = fresh_distributed_databases
    assert ledger(source, tmp_path, "demo").returncode == 0
    asyncio.run(_seed_two_more_villages(source))
    backup_file = tmp_path / "county.dump"
    backed_up = ledger(source, tmp_path, "backup", str(backup_file))
    assert backed_up.returncode == 0, backed_up.stderr

    restored = ledger(target, tmp_path, "restore", str(backup_file))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "BROKEN" not in restored.stdout
    assert restored.stdout.count(": ok, ") == restored.stdout.count("matches the log") == 5
    assert asyncio.run(_record_of(target)) == asyncio.run(_record_of(source))
    # Placed as a new cluster is placed, not left as plain tables of the coordinator.
    expected = {
        table: place
        for table in (*distribution.DISTRIBUTED_TABLES, *distribution.REFERENCE_TABLES)
        if (place := distribution.placement_of(table))
    }
    assert {table: asyncio.run(_placements(target)).get(table) for table in expected} == expected
    verified = ledger(target, tmp_path, "verify")
    assert verified.returncode == 0 and verified.stdout.count(": ok, ") == 5

    again = ledger(target, tmp_path, "restore", str(backup_file))
    assert again.returncode == 1 and "already holds a ledger" in again.stderr


async def _serve_a_sale(url: str) -> int:
    pool = await create_pool(url, minimum=1, maximum=2)
    try:
        village = await new_village(pool)
        household = await add_household(pool, village, "001")
        await give_points(pool, village, household, 30)
        goods = await add_goods(pool, village, "G01", 4, 3)
        return (await redeem(pool, village.community_id, household, [(goods, 1)]))["spendable_after"]
    finally:
        await pool.close()


def test_the_restored_cluster_serves_and_keeps_the_log_append_only(fresh_distributed_databases, tmp_path):
    source, target = fresh_distributed_databases
    asyncio.run(_seed_two_more_villages(source))
    backup_file = tmp_path / "villages.dump"
    assert ledger(source, tmp_path, "backup", str(backup_file)).returncode == 0
    assert ledger(target, tmp_path, "restore", str(backup_file)).returncode == 0
    assert asyncio.run(_serve_a_sale(target)) == 26

    async def rewrite_as_the_serving_role() -> None:
        pool = await create_pool(target, minimum=1, maximum=1)
        try:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await pool.execute("UPDATE events SET body = '{}'")
        finally:
            await pool.close()

    asyncio.run(rewrite_as_the_serving_role())


def test_a_backup_made_at_other_migrations_is_refused_and_loads_nothing(
    fresh_distributed_databases, tmp_path
):
    source, target = fresh_distributed_databases
    asyncio.run(_seed_two_more_villages(source))

    async def forget_the_last_migration() -> None:
        connection = await connect_owner(source)
        try:  # as a database of the release before the last migration would say
            await connection.execute(
                "DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)"
            )
        finally:
            await connection.close()

    asyncio.run(forget_the_last_migration())
    backup_file = tmp_path / "older.dump"
    assert ledger(source, tmp_path, "backup", str(backup_file)).returncode == 0
    refused = ledger(target, tmp_path, "restore", str(backup_file))
    assert refused.returncode == 1
    assert "other migrations than this release's" in refused.stderr
    assert asyncio.run(_table_count(target)) == 0


async def _table_count(url: str) -> int:
    connection = await connect_owner(url)
    try:
        return await connection.fetchval("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await connection.close()


@pytest.fixture
async def citus_village(
    database_url: str,
) -> AsyncIterator[tuple[asyncpg.Pool, uuid.UUID, uuid.UUID, uuid.UUID]]:
    if not await _is_citus(database_url):
        pytest.skip("the test database is not a Citus coordinator: nothing to freeze across nodes")
    pool = await create_pool(database_url, minimum=1, maximum=4)
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 20)
    goods = await add_goods(pool, village, "G01", 3, 5)
    yield pool, village.community_id, household, goods
    await pool.close()


@pytest.mark.anyio
async def test_while_a_backup_reads_no_redemption_commits_on_any_worker(citus_village, database_url):
    pool, community_id, household, goods = citus_village
    freezer = await connect_owner(database_url)
    try:
        async with freezer.transaction():
            await write_freeze.freeze_writes(freezer)
            # The redemption is delegated whole to the community's worker; the lock holds there too.
            sale = asyncio.ensure_future(redeem(pool, community_id, household, [(goods, 1)]))
            await asyncio.sleep(1.5)
            assert not sale.done()
            # Reads go on.
            assert (
                await pool.fetchval(
                    "SELECT spendable FROM household_balances WHERE community_id = $1 AND household_id = $2",
                    community_id,
                    household,
                )
                == 20
            )
        assert (await asyncio.wait_for(sale, timeout=30))["spendable_after"] == 17
    finally:
        await freezer.close()
