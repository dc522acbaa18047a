"""Moving a community to another worker (Citus only): `citus_move_shard_placement` takes the
community's shard of `events` and every shard colocated with it to the other worker; the
chain still verifies to the same head, the projections still match the log, and the
community's commands work there (a redemption after the move succeeds, delegated to the
worker that now holds it). On plain PostgreSQL these skip: there is nothing to move.
"""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from ledger.services import records
from ledger.store import distribution, integrity
from tests.support import add_goods, add_household, give_points, new_village, redeem

pytestmark = pytest.mark.anyio


@pytest.fixture
async def citus(owner) -> asyncpg.Connection:
    if not await distribution.is_citus(owner):
        pytest.skip("the test database is not a Citus coordinator: there is no shard to move")
    return owner


async def _where(citus: asyncpg.Connection, community_id: uuid.UUID) -> dict[str, tuple[str, int]]:
    """Each distributed table and the worker (host, port) holding the community's rows of it."""
    rows = await citus.fetch(
        """SELECT s.table_name::text AS table_name, s.nodename, s.nodeport FROM citus_shards s
           WHERE s.shardid = get_shard_id_for_distribution_column(s.table_name, $1::uuid)
             AND s.table_name = any($2::regclass[])""",
        community_id,
        list(distribution.DISTRIBUTED_TABLES),
    )
    return {row["table_name"]: (row["nodename"], row["nodeport"]) for row in rows}


async def _other_worker(citus: asyncpg.Connection, host: str, port: int) -> tuple[str, int]:
    row = await citus.fetchrow(
        """SELECT nodename, nodeport FROM pg_dist_node
           WHERE noderole = 'primary' AND isactive AND shouldhaveshards AND groupid <> 0
             AND (nodename, nodeport) <> ($1, $2) ORDER BY nodeid LIMIT 1""",
        host,
        port,
    )
    if row is None:
        pytest.skip("the cluster has one worker: there is nowhere to move a community")
    return row["nodename"], row["nodeport"]


async def test_a_moved_community_verifies_and_redeems_on_its_new_worker(citus, pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 50)
    goods = await add_goods(pool, village, "G01", 6, 10)
    await redeem(pool, village.community_id, household, [(goods, 2)])
    before = await records.verify_community(pool, village.community_id)
    places = await _where(citus, village.community_id)
    assert sorted(places) == sorted(distribution.DISTRIBUTED_TABLES)
    (source,) = set(places.values())
    target = await _other_worker(citus, *source)
    shard = await citus.fetchval(
        "SELECT get_shard_id_for_distribution_column('events', $1::uuid)", village.community_id
    )

    # block_writes: the community's commands wait while its shards are copied (no logical
    # replication needed); 'auto' would copy them under load with wal_level = logical.
    await citus.execute(
        "SELECT citus_move_shard_placement($1, $2, $3, $4, $5, shard_transfer_mode => 'block_writes')",
        shard,
        *source,
        *target,
    )

    assert set((await _where(citus, village.community_id)).values()) == {target}
    after = await records.verify_community(pool, village.community_id)
    assert after is not None and before is not None
    assert (after.ok, after.head_seq, after.head_hash) == (True, before.head_seq, before.head_hash)
    assert await integrity.check_rebuild(citus, village.community_id) == []
    sale = await redeem(pool, village.community_id, household, [(goods, 1)])
    assert sale["spendable_after"] == 50 - 12 - 6
    moved_on = await records.verify_community(pool, village.community_id)
    assert moved_on is not None and (moved_on.ok, moved_on.head_seq) == (True, before.head_seq + 1)
