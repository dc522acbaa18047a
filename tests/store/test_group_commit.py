"""Group commit: a batch of redemptions is one transaction, and each command in it gets
exactly the answer it would have got alone, in arrival order."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from ledger.domain.errors import Refused
from ledger.store import distribution, integrity, queries
from ledger.store.group_commit import RedemptionBatcher
from tests.support import add_goods, add_household, give_points, new_village

pytestmark = pytest.mark.anyio


async def test_a_batch_answers_each_command_as_if_alone(pool):
    village = await new_village(pool)
    rich = await add_household(pool, village, "001")
    poor = await add_household(pool, village, "002")
    await give_points(pool, village, rich, 20)
    soap = await add_goods(pool, village, "G01", 5, 3)
    batcher = RedemptionBatcher(pool)
    community = village.community_id

    results = await asyncio.gather(
        batcher.redeem(community, None, rich, [(soap, 1)], "k-1", b"1" * 32),
        batcher.redeem(community, None, poor, [(soap, 1)], None, None),  # no points
        batcher.redeem(community, None, rich, [(soap, 1)], "k-1", b"1" * 32),  # replay in the batch
        batcher.redeem(community, None, rich, [(soap, 1)], "k-1", b"2" * 32),  # conflict in the batch
        batcher.redeem(community, None, uuid.uuid4(), [(soap, 1)], None, None),  # unknown
        batcher.redeem(community, None, rich, [(soap, 2)], None, None),
        batcher.redeem(community, None, rich, [(soap, 1)], None, None),  # the shelf is empty now
        return_exceptions=True,
    )

    first, no_points, replay, conflict, unknown, second, empty_shelf = results
    assert first["replayed"] is False
    assert replay["replayed"] is True
    assert replay["redemption_id"] == first["redemption_id"]
    assert [r.code for r in (no_points, conflict, unknown, empty_shelf)] == [
        "insufficient_points",
        "idempotency_conflict",
        "not_found",
        "insufficient_stock",
    ]
    assert second["spendable_after"] == 5
    assert (await queries.household(pool, community, rich))["spendable"] == 5
    assert (await queries.goods_item(pool, community, soap))["stock"] == 0
    assert (await integrity.verify(pool, community)).ok
    assert await integrity.check_rebuild(pool, community) == []


async def test_a_command_that_fails_in_the_database_fails_alone(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 20)
    soap = await add_goods(pool, village, "G01", 5, 10)
    batcher = RedemptionBatcher(pool)
    loop = asyncio.get_running_loop()
    good, broken = loop.create_future(), loop.create_future()
    command = {
        "actor_id": None,
        "household_id": str(household),
        "goods_ids": [str(soap)],
        "quantities": [1],
        "idempotency_key": None,
        "request_digest": None,
    }
    # A command the database rejects outright (not a uuid): the batch fails, and the
    # batcher retries each command alone so only the broken one fails.
    await batcher._commit(
        {village.community_id: [(command, good), ({**command, "household_id": "x"}, broken)]}
    )

    assert good.result()["outcome"] == "created"
    assert broken.exception() is not None
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 15


async def test_many_concurrent_sales_are_fewer_transactions_than_sales(pool, owner):
    village = await new_village(pool)
    households = [await add_household(pool, village, f"{n:03d}") for n in range(20)]
    for household in households:
        await give_points(pool, village, household, 50)
    soap = await add_goods(pool, village, "G01", 5, 1000)
    batcher = RedemptionBatcher(pool)

    answers = await asyncio.gather(
        *[batcher.redeem(village.community_id, None, h, [(soap, 1)], None, None) for h in households * 5]
    )

    # Each row's xmin names the transaction that wrote it.
    transactions = await owner.fetchval(
        "SELECT count(DISTINCT xmin::text) FROM events WHERE community_id = $1 AND kind = 'redemption.made'",
        village.community_id,
    )
    assert len(answers) == 100
    assert not any(isinstance(answer, Refused) for answer in answers)
    assert (await queries.goods_item(pool, village.community_id, soap))["stock"] == 900
    assert 1 <= transactions <= 100 // 10


async def test_redemptions_racing_in_many_communities_keep_every_chain_and_balance_exact(pool, owner):
    """Five villages' counters at once, some carts too dear: every village's chain verifies,
    its sequence has no gap, and each balance and shelf is its start less exactly what was
    sold. On a single PostgreSQL the villages share commits; on Citus each commit is one
    village's (one worker, no two-phase commit)."""
    villages = [await new_village(pool) for _ in range(5)]
    shop = {}
    for village in villages:
        households = [await add_household(pool, village, f"{n:03d}") for n in range(8)]
        for household in households:
            await give_points(pool, village, household, 12)
        shop[village.community_id] = (households, await add_goods(pool, village, "G01", 5, 1000))
    batcher = RedemptionBatcher(pool)
    # Each household tries three 5-point carts with 12 points: two succeed, the third cannot.
    carts = [
        (community_id, household, soap)
        for _ in range(3)
        for community_id, (households, soap) in shop.items()
        for household in households
    ]

    answers = await asyncio.gather(
        *[batcher.redeem(c, None, h, [(soap, 1)], None, None) for c, h, soap in carts], return_exceptions=True
    )

    refused = [answer for answer in answers if isinstance(answer, Refused)]
    assert len(refused) == 5 * 8
    assert {answer.code for answer in refused} == {"insufficient_points"}
    for community_id, (households, soap) in shop.items():
        assert (await integrity.verify(pool, community_id)).ok
        assert await integrity.check_rebuild(pool, community_id) == []
        seqs = await owner.fetch("SELECT seq FROM events WHERE community_id = $1 ORDER BY seq", community_id)
        assert [row["seq"] for row in seqs] == list(range(1, len(seqs) + 1))
        for household in households:
            assert (await queries.household(pool, community_id, household))["spendable"] == 2
        assert (await queries.goods_item(pool, community_id, soap))["stock"] == 1000 - 2 * 8
    if await distribution.is_citus(owner):
        # (Each worker numbers its own transactions, so xmin cannot tell them apart here.)
        assert batcher.spans_communities is False
        return
    per_transaction = await owner.fetch(
        """SELECT xmin::text, count(DISTINCT community_id) AS communities FROM events
           WHERE community_id = any($1::uuid[]) AND kind = 'redemption.made' GROUP BY 1""",
        list(shop),
    )
    assert batcher.spans_communities is True
    assert max(row["communities"] for row in per_transaction) > 1
