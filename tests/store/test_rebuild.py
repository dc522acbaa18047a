"""`ledger rebuild` rewrites balances, stock and the fund from the log, and names — without
rewriting — what only an edit behind the record's back can cause in its guards."""

from __future__ import annotations

import uuid

import pytest

from ledger.store import awards, groups, integrity, reversals
from tests.support import add_household, add_rule, new_village

pytestmark = pytest.mark.anyio


async def test_a_doctored_balance_is_corrected_and_a_lost_reversal_is_named(pool, owner):
    village = await new_village(pool)
    community = village.community_id
    household = await add_household(pool, village, "001")
    rule = await add_rule(pool, village, "R01", 10)
    award = await awards.award(pool, community, None, household, rule, None, None, None, None, None)
    await awards.award(pool, community, None, household, rule, None, None, None, None, None)
    await reversals.reverse(pool, community, None, award["event_seq"], "重复录入", None, None)
    await owner.execute(
        "UPDATE household_balances SET spendable = 999 WHERE community_id = $1 AND household_id = $2",
        community,
        household,
    )
    await owner.execute(
        "DELETE FROM reversals WHERE community_id = $1 AND reversed_seq = $2", community, award["event_seq"]
    )
    async with pool.acquire() as connection:
        corrected, remaining = await integrity.rebuild(connection, community)
    assert [line.split(":")[0] for line in corrected] == [f"household {household}"]
    assert remaining == [
        f"reversal of seq {award['event_seq']}: log gives {award['event_seq'] + 2}, table has None"
    ]
    assert await integrity.check_rebuild(pool, community) == remaining  # the balance is right again


async def test_groups_grids_places_and_scorers_grids_replay_and_an_edit_is_named(pool, owner):
    village = await new_village(pool)
    community = village.community_id
    household = await add_household(pool, village, "001")
    group, grid = uuid.uuid4(), uuid.uuid4()
    async with pool.acquire() as connection:
        await groups.create_group(connection, community, None, group, "group", "一组", None)
        await groups.create_group(connection, community, None, grid, "grid", "一组东片", group)
        await groups.move_household(connection, community, None, household, group, grid)
        await groups.assign_grid(connection, community, None, village.staff["scorer"], grid, True)
        await groups.rename_group(connection, community, None, group, "第一组")
    assert await integrity.check_rebuild(pool, community) == []
    replayed = await integrity.replay(pool, community)
    assert replayed.groups[str(group)] == ("group", "第一组", None, "active")
    assert replayed.places[str(household)][:2] == (str(group), str(grid))
    await owner.execute(
        "UPDATE community_groups SET name = '二组' WHERE community_id = $1 AND group_id = $2",
        community,
        group,
    )
    await owner.execute("DELETE FROM scorer_grids WHERE community_id = $1", community)
    async with pool.acquire() as connection:
        corrected, remaining = await integrity.rebuild(connection, community)
    assert corrected == []
    assert [line.split(":")[0] for line in remaining] == [
        f"group or grid {group}",
        f"scorer and grid {village.staff['scorer']} {grid}",
    ]


async def test_the_replay_pages_through_the_whole_log_and_tells_each_page(pool, owner, monkeypatch):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    rule = await add_rule(pool, village, "R01", 10)
    for _ in range(4):
        await awards.award(pool, village.community_id, None, household, rule, None, None, None, None, None)
    head = await owner.fetchval(
        "SELECT head_seq FROM community_heads WHERE community_id = $1", village.community_id
    )
    monkeypatch.setattr(integrity, "PAGE", 3)  # pages end inside the log, not only at its end
    told: list[int] = []
    replayed = await integrity.replay(pool, village.community_id, told.append)
    assert sum(told) == head and max(told) == 3
    assert replayed.households[str(household)].spendable == 40
    assert replayed == await integrity.stored_projection(pool, village.community_id)


async def test_a_replay_that_fails_leaves_no_read_running_on_the_connection(pool, monkeypatch):
    village = await new_village(pool)
    await add_household(pool, village, "001")
    monkeypatch.setattr(integrity, "PAGE", 1)  # the next page is being read when the fold fails

    def fail(_projection, _event):
        raise ValueError("an event the fold cannot take")

    monkeypatch.setattr(integrity.Projection, "apply", fail)
    async with pool.acquire() as connection:
        with pytest.raises(ValueError, match="cannot take"):
            await integrity.replay(connection, village.community_id)
        assert await connection.fetchval("SELECT 1") == 1  # no other operation in progress
