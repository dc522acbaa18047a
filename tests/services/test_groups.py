"""Groups and grids as use cases, without HTTP: the committee creates, renames and retires
them, places households, gives scorers their grids; a scorer with grids proposes only for
their households. Each refusal has its code and leaves the log where it was."""

from __future__ import annotations

import uuid

import pytest

from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.messages import catalog
from ledger.services import groups, households, proposals
from ledger.store import integrity, queries
from ledger.store.queries import groups as reads
from tests.support import add_household, add_rule, new_village

pytestmark = pytest.mark.anyio


async def _head(pool, village) -> int:
    return (await queries.community(pool, village.community_id))["head_seq"]


async def _refused(pool, village, call) -> Refused:
    """The refusal of `call`, checked to have appended nothing."""
    before = await _head(pool, village)
    with pytest.raises(Refused) as refused:
        await call
    assert await _head(pool, village) == before
    return refused.value


async def _create(pool, village, kind, name, parent=None) -> uuid.UUID:
    command = commands.CreateGroup(kind=kind, name=name, parent_id=parent)
    return await groups.create_group(pool, village.community_id, None, command)


async def _move(pool, village, household, group, grid=None) -> bool:
    command = commands.MoveHousehold(household_id=household, group_id=group, grid_id=grid)
    return await groups.move_household(pool, village.community_id, None, command)


async def _village(pool):
    """A village with group 1 (grids east and west in it) and group 2."""
    village = await new_village(pool)
    one = await _create(pool, village, "group", "一组")
    two = await _create(pool, village, "group", "二组")
    east = await _create(pool, village, "grid", "一组东片", one)
    west = await _create(pool, village, "grid", "一组西片", one)
    return village, one, two, east, west


async def test_a_household_moves_into_a_group_and_grid_and_the_rebuild_reproduces_it(pool):
    village, one, two, east, west = await _village(pool)
    household = await add_household(pool, village, "001")
    assert (await queries.household(pool, village.community_id, household))["group_id"] is None
    assert await _move(pool, village, household, one, east)
    assert not await _move(pool, village, household, one, east)  # already there: nothing recorded
    assert await _move(pool, village, household, two)
    row = await queries.household(pool, village.community_id, household)
    assert (row["group_name"], row["grid_id"]) == ("二组", None)
    await groups.change_group(pool, village.community_id, None, two, commands.ChangeGroup(name="第二组"))
    await groups.assign_grid(pool, village.community_id, None, east, village.staff["scorer"])
    await groups.assign_grid(pool, village.community_id, None, west, village.staff["scorer"])
    await groups.assign_grid(pool, village.community_id, None, west, village.staff["scorer"], assigned=False)
    await groups.change_group(pool, village.community_id, None, west, commands.ChangeGroup(status="retired"))
    replayed = await integrity.replay(pool, village.community_id)
    assert replayed.groups[str(two)] == ("group", "第二组", None, "active")
    assert replayed.groups[str(west)] == ("grid", "一组西片", str(one), "retired")
    assert list(replayed.scorer_grids) == [f"{village.staff['scorer']} {east}"]
    assert replayed.places[str(household)][:2] == (str(two), None)
    assert await integrity.check_rebuild(pool, village.community_id) == []


async def test_the_rebuild_check_names_a_placement_edited_behind_the_records_back(pool, owner):
    village, one, two, east, _ = await _village(pool)
    household = await add_household(pool, village, "001")
    await _move(pool, village, household, one, east)
    await owner.execute(
        "UPDATE household_places SET group_id = $2, grid_id = NULL WHERE community_id = $1",
        village.community_id,
        two,
    )
    found = await integrity.check_rebuild(pool, village.community_id)
    assert [line.split(":")[0] for line in found] == [f"place of household {household}"]


async def test_each_refusal_has_its_code_and_records_nothing(pool):
    village, one, two, east, west = await _village(pool)
    household = await add_household(pool, village, "001")
    closed = await add_household(pool, village, "002")
    await households.change_household(
        pool, village.community_id, None, closed, commands.ChangeHousehold(status="closed", reason="迁往县城")
    )
    retired = await _create(pool, village, "group", "三组")
    await groups.change_group(
        pool, village.community_id, None, retired, commands.ChangeGroup(status="retired")
    )
    await _move(pool, village, household, one, east)
    unknown = uuid.uuid4()
    cases = [
        (_move(pool, village, household, unknown), "not_found"),
        (_move(pool, village, household, two, east), "grid_outside_group"),
        (_move(pool, village, household, retired), "group_retired"),
        (_move(pool, village, closed, one), "household_closed"),
        (_move(pool, village, household, east), "validation_failed"),  # a grid is no group
        (_create(pool, village, "group", "一组"), "already_exists"),
        (_create(pool, village, "grid", "新片", retired), "group_retired"),
        (_create(pool, village, "grid", "新片", east), "validation_failed"),  # a grid in a grid
        (
            groups.change_group(pool, village.community_id, None, two, commands.ChangeGroup(name="一组")),
            "already_exists",
        ),
        (
            groups.change_group(
                pool, village.community_id, None, one, commands.ChangeGroup(status="retired")
            ),
            "group_in_use",
        ),
        (
            groups.assign_grid(pool, village.community_id, None, east, village.staff["counter"]),
            "not_a_scorer",
        ),
        (
            groups.assign_grid(pool, village.community_id, None, one, village.staff["scorer"]),
            "validation_failed",
        ),
    ]
    for call, code in cases:
        assert (await _refused(pool, village, call)).code == code


async def _propose(pool, village, rule, households, role="scorer"):
    command = commands.Propose(rule_id=rule, household_ids=households)
    return await proposals.propose(pool, village.community_id, village.staff[role], command)


async def test_a_scorer_with_grids_proposes_only_for_their_households(pool):
    village, one, _, east, west = await _village(pool)
    rule = await add_rule(pool, village, "R01", 10)
    mine = await add_household(pool, village, "001")
    theirs = await add_household(pool, village, "002")
    nowhere = await add_household(pool, village, "003")
    await _move(pool, village, mine, one, east)
    await _move(pool, village, theirs, one, west)
    # No grid assigned (a small village): every household.
    await _propose(pool, village, rule, [mine, theirs, nowhere])
    await groups.assign_grid(pool, village.community_id, None, east, village.staff["scorer"])
    await _propose(pool, village, rule, [mine])
    for outside in (theirs, nowhere):
        refused = await _refused(pool, village, _propose(pool, village, rule, [mine, outside]))
        assert refused.code == "outside_assigned_grid"
        assert refused.context["household_id"] == str(outside)
        assert refused.context["grids"] == "一组东片"
    # The committee sees everything, grids or not.
    await _propose(pool, village, rule, [theirs, nowhere], role="committee")
    assert await proposals.households_of_my_grids(pool, village.community_id, village.staff["scorer"]) == [
        mine
    ]


async def test_the_refusal_names_the_household_and_the_grids_in_chinese(pool):
    village, one, _, east, west = await _village(pool)
    rule = await add_rule(pool, village, "R01", 10)
    household = await add_household(pool, village, "017")
    await _move(pool, village, household, one, west)
    await groups.assign_grid(pool, village.community_id, None, east, village.staff["scorer"])
    refused = await _refused(pool, village, _propose(pool, village, rule, [household]))
    chinese = catalog.REFUSALS[refused.message].format(**refused.context)
    assert chinese == "第 017 户不在你负责的网格（一组东片）里，不能为它申报"


async def test_households_placed_before_no_group_stay_unplaced(pool):
    village, *_ = await _village(pool)
    await add_household(pool, village, "001")
    assert await reads.all_places(pool, village.community_id) == []


async def test_a_group_whose_households_all_closed_may_be_retired(pool):
    village, one, two, *_ = await _village(pool)
    household = await add_household(pool, village, "001")
    await _move(pool, village, household, two)
    retire = commands.ChangeGroup(status="retired")
    refused = await _refused(
        pool, village, groups.change_group(pool, village.community_id, None, two, retire)
    )
    assert refused.context == {"name": "二组", "households": 1, "grids": 0}
    await households.change_household(
        pool,
        village.community_id,
        None,
        household,
        commands.ChangeHousehold(status="closed", reason="迁往县城"),
    )
    assert await groups.change_group(pool, village.community_id, None, two, retire)
    assert await integrity.check_rebuild(pool, village.community_id) == []
