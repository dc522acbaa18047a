"""Where the schema goes on Citus (ledger/store/distribution.py).

The first tests hold on any server: every table has a decided place, and what the module
distributes can be distributed. The rest check a distributed database itself and run
only when the test database is a Citus coordinator (ops/test-citus, or
LEDGER_TEST_DATABASE_URL pointing at one): on plain PostgreSQL there is no distribution.
"""

from __future__ import annotations

import urllib.parse
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from ledger.store import distribution
from ledger.store.migrations import migrate
from ledger.store.pool import APPLICATION_ROLE, connect_owner
from tests.support import add_goods, add_household, give_points, new_village, redeem

pytestmark = pytest.mark.anyio

_TABLES = """
    SELECT c.relname FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                      AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY 1"""


async def test_every_table_has_a_place_on_citus(owner):
    tables = [row["relname"] for row in await owner.fetch(_TABLES)]
    assert {
        table: distribution.placement_of(table)
        for table in tables
        if distribution.placement_of(table) is None
    } == {}
    placed = {
        *distribution.DISTRIBUTED_TABLES,
        *distribution.REFERENCE_TABLES,
        *distribution.COORDINATOR_METADATA_TABLES,
        *distribution.COORDINATOR_PLAIN_TABLES,
    }
    # And nothing is placed that the schema no longer has.
    assert sorted(placed - set(tables)) == []


async def test_each_distributed_table_leads_its_primary_key_with_the_community(owner):
    leading = dict(
        await owner.fetch(
            """SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
               WHERE c.contype = 'p' AND c.connamespace = 'public'::regnamespace"""
        )
    )
    assert {
        table: leading.get(table)
        for table in distribution.DISTRIBUTED_TABLES
        if leading.get(table) != distribution.DISTRIBUTION_COLUMN
    } == {}


async def test_each_delegated_function_takes_the_community_first(owner):
    first_arguments = dict(
        await owner.fetch(
            """SELECT proname, proargnames[1] || ' ' || format_type(proargtypes[0], NULL) FROM pg_proc
               WHERE pronamespace = 'public'::regnamespace AND proname = any($1::text[])""",
            list(distribution.DELEGATED_FUNCTIONS),
        )
    )
    assert first_arguments == {
        name: f"{distribution.DELEGATION_ARGUMENT} uuid" for name in distribution.DELEGATED_FUNCTIONS
    }


# ---- On a Citus coordinator only ----------------------------------------------------------


@pytest.fixture
async def citus(owner) -> asyncpg.Connection:
    if not await distribution.is_citus(owner):
        pytest.skip("the test database is not a Citus coordinator: there is no distribution to check")
    return owner


async def test_each_table_is_where_the_module_places_it(citus):
    kinds = {"h": "distributed", "n": None}
    rows = await citus.fetch(
        """SELECT p.logicalrelid::regclass::text AS name, p.partmethod::text, p.repmodel::text,
                  p.colocationid = (SELECT colocationid FROM pg_dist_partition
                                    WHERE logicalrelid = 'events'::regclass) AS with_events
           FROM pg_dist_partition p"""
    )
    placed = {
        row["name"]: kinds[row["partmethod"]] or ("reference" if row["repmodel"] == "t" else "coordinator")
        for row in rows
    }
    tables = [row["relname"] for row in await citus.fetch(_TABLES)]
    assert {table: placed.get(table, "plain") for table in tables} == {
        table: distribution.placement_of(table) for table in tables
    }
    assert sorted(row["name"] for row in rows if row["partmethod"] == "h" and not row["with_events"]) == []


async def test_a_second_migrate_on_citus_changes_nothing(citus):
    assert await migrate(citus) == []


async def test_the_functions_are_on_every_node_and_the_commands_delegated(citus):
    rows = await citus.fetch(
        """SELECT p.proname, o.distribution_argument_index AS argument,
                  o.colocationid = (SELECT colocationid FROM pg_dist_partition
                                    WHERE logicalrelid = 'events'::regclass) AS with_events
           FROM pg_proc p JOIN pg_catalog.pg_dist_object o ON o.classid = 'pg_proc'::regclass AND o.objid = p.oid
           WHERE p.pronamespace = 'public'::regnamespace"""
    )
    delegated = {row["proname"] for row in rows if row["argument"] == 0 and row["with_events"]}
    assert delegated == set(distribution.DELEGATED_FUNCTIONS)
    ours = await citus.fetchval(
        """SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
           AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                           AND d.objid = p.oid AND d.deptype = 'e')"""
    )
    assert len(rows) == ours
    on_workers = await citus.fetch(
        """SELECT result FROM run_command_on_workers($$SELECT count(*) FROM pg_proc
           WHERE pronamespace = 'public'::regnamespace AND proname = any(ARRAY['ledger_chain', 'ledger_redeem_after',
           'ledger_lock_head', 'ledger_award', 'events_refuse_change'])$$)"""
    )
    assert [row["result"] for row in on_workers] == ["5"] * len(on_workers)


async def test_the_serving_role_may_log_in_on_every_node_and_gains_nothing_else(citus):
    # Citus connects to the workers as the role the pool switched to: it must log in there.
    on_workers = await citus.fetch(
        """SELECT result FROM run_command_on_workers($$SELECT rolcanlogin::text || rolsuper::text
           || rolcreaterole::text || rolcreatedb::text || rolbypassrls::text
           FROM pg_roles WHERE rolname = 'ledger_app'$$)"""
    )
    here = await citus.fetchrow(
        "SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = $1",
        APPLICATION_ROLE,
    )
    assert tuple(here) == (True, False, False, False, False)
    assert [row["result"] for row in on_workers] == ["truefalsefalsefalsefalse"] * len(on_workers)
    assert on_workers


async def _worker_of(citus: asyncpg.Connection, table: str, community_id: uuid.UUID) -> tuple[int, str, int]:
    """The shard of `table` holding the community's rows, and the worker (host, port) that has it."""
    row = await citus.fetchrow(
        """SELECT s.shardid, s.nodename, s.nodeport FROM citus_shards s
           WHERE s.shardid = get_shard_id_for_distribution_column($1::regclass, $2::uuid)""",
        table,
        community_id,
    )
    return row["shardid"], row["nodename"], row["nodeport"]


@pytest.fixture
async def worker_url(database_url: str):
    def at(host: str, port: int) -> str:
        parts = urllib.parse.urlsplit(database_url)
        credentials = parts.netloc.rpartition("@")[0]
        netloc = f"{credentials}@{host}:{port}" if credentials else f"{host}:{port}"
        return parts._replace(netloc=netloc).geturl()

    return at


@pytest.fixture
async def community_with_a_sale(citus, pool) -> AsyncIterator[uuid.UUID]:
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 50)
    goods = await add_goods(pool, village, "G01", 5, 10)
    await redeem(pool, village.community_id, household, [(goods, 1)])
    yield village.community_id


async def test_a_community_s_rows_are_all_on_one_worker(citus, community_with_a_sale, worker_url):
    community_id = community_with_a_sale
    places = {
        table: await _worker_of(citus, table, community_id) for table in distribution.DISTRIBUTED_TABLES
    }
    assert len({(host, port) for _, host, port in places.values()}) == 1
    # And they are there: the worker's shard holds every row the coordinator shows.
    for table in ("events", "households", "household_balances", "goods_stock", "community_heads"):
        shard, host, port = places[table]
        counting = f"SELECT count(*) FROM {table} WHERE community_id = $1"  # noqa: S608 our table names
        on_coordinator = await citus.fetchval(counting, community_id)
        worker = await connect_owner(worker_url(host, port))
        try:
            in_shard = f"SELECT count(*) FROM {table}_{shard} WHERE community_id = $1"  # noqa: S608 our names
            on_worker = await worker.fetchval(in_shard, community_id)
        finally:
            await worker.close()
        assert (table, on_worker) == (table, on_coordinator)
        assert on_worker >= 1


async def test_the_log_s_guard_holds_on_its_shard(citus, community_with_a_sale, worker_url):
    shard, host, port = await _worker_of(citus, "events", community_with_a_sale)
    worker = await connect_owner(worker_url(host, port))
    rewrites = (
        f"UPDATE events_{shard} SET kind = kind WHERE community_id = $1",  # noqa: S608 our shard's name
        f"DELETE FROM events_{shard} WHERE community_id = $1",  # noqa: S608 our shard's name
    )
    reading = f"SELECT count(*) FROM events_{shard} WHERE community_id = $1"  # noqa: S608 our shard's name
    try:
        # Citus itself keeps hands off a shard; told to let them through, only our guard is left.
        await worker.execute("SET citus.enable_manual_changes_to_shards TO on")
        # The serving role may read there, never rewrite: its rights came along.
        async with worker.transaction():
            await worker.execute(f"SET LOCAL ROLE {APPLICATION_ROLE}")
            assert await worker.fetchval(reading, community_with_a_sale) >= 1
        for statement in rewrites:
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
                async with worker.transaction():
                    await worker.execute(f"SET LOCAL ROLE {APPLICATION_ROLE}")
                    await worker.execute(statement, community_with_a_sale)
            # The owner has the rights; the trigger on the shard refuses all the same.
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
                await worker.execute(statement, community_with_a_sale)
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied"):
            async with worker.transaction():
                await worker.execute(f"SET LOCAL ROLE {APPLICATION_ROLE}")
                await worker.execute(f"TRUNCATE events_{shard} CASCADE")
        # CASCADE, or the foreign keys of the colocated shards refuse before the trigger is asked.
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
            await worker.execute(f"TRUNCATE events_{shard} CASCADE")
    finally:
        await worker.close()
