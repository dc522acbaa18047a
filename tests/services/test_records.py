"""The record checks the operator runs (`ledger verify`, `ledger rebuild`), as use cases:
each community's result, for one community or for all of them."""

from __future__ import annotations

import uuid

import pytest

from ledger.services import records
from tests.support import add_household, give_points, new_village
from tests.tampering import tamper

pytestmark = pytest.mark.anyio


async def test_verify_names_the_first_bad_seq_of_a_broken_chain_in_the_community_asked(pool, owner):
    broken, intact = await new_village(pool), await new_village(pool)
    for village in (broken, intact):
        household = await add_household(pool, village, "001")
        for _ in range(3):
            await give_points(pool, village, household, 10)
    head = await owner.fetchval(
        "SELECT head_seq FROM community_heads WHERE community_id = $1", broken.community_id
    )
    await tamper(
        owner,
        "UPDATE events SET body = body || '{\"points\": 999}' WHERE community_id = $1 AND seq = $2",
        broken.community_id,
        head - 1,
    )

    [checked] = [checked async for checked in records.verify(owner, broken.community_id)]
    assert checked.community_id == broken.community_id
    assert checked.report is not None
    assert not checked.report.ok
    assert checked.report.first_bad_seq == head - 1
    [other] = [checked async for checked in records.verify(owner, intact.community_id)]
    assert other.report is not None
    assert other.report.ok


async def test_verify_over_every_community_includes_each_and_an_unknown_one_has_no_report(pool, owner):
    village = await new_village(pool)
    everyone = [checked async for checked in records.verify(owner)]
    assert village.community_id in {checked.community_id for checked in everyone}
    unknown = uuid.uuid4()
    assert [checked async for checked in records.verify(owner, unknown)] == [
        records.ChainChecked(unknown, None)
    ]


async def test_rebuild_check_finds_a_drifted_balance_and_only_rebuild_corrects_it(pool, owner):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 10)
    await owner.execute(
        "UPDATE household_balances SET spendable = spendable + 1000 WHERE household_id = $1", household
    )

    [check] = [checked async for checked in records.rebuild(owner, village.community_id, check_only=True)]
    assert check.corrected == []
    assert [line.split(":")[0] for line in check.differing] == [f"household {household}"]
    assert [checked async for checked in records.rebuild(owner, village.community_id, check_only=True)] == [
        check
    ]  # checking changed nothing

    [rebuilt] = [checked async for checked in records.rebuild(owner, village.community_id)]
    assert [line.split(":")[0] for line in rebuilt.corrected] == [f"household {household}"]
    assert rebuilt.differing == []
    assert [checked async for checked in records.rebuild(owner, village.community_id, check_only=True)] == [
        records.ProjectionsChecked(village.community_id, [], [])
    ]


async def test_the_events_to_walk_are_the_heads_seqs_of_one_community_or_of_all(pool, owner):
    villages = [await new_village(pool), await new_village(pool)]
    await add_household(pool, villages[0], "001")
    heads = [
        await owner.fetchval("SELECT head_seq FROM community_heads WHERE community_id = $1", v.community_id)
        for v in villages
    ]
    one = await records.events_to_walk(owner, villages[0].community_id)
    assert (one, type(one)) == (heads[0], int)  # an int: a progress bar divides by it
    assert await records.events_to_walk(owner) >= sum(heads)
    assert await records.events_to_walk(owner, uuid.uuid4()) == 0
