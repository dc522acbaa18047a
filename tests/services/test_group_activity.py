"""Activity per villager group, without HTTP: each group's red list is the board's own,
kept to its households and masked alike; its households taking part come from the monthly
summary by the group each household belongs to now; the drill-down's points per group are
net of reversals and add up to the village's; only the village's committee and its area's
oversight read the drill-down."""

from __future__ import annotations

import uuid

import pytest

from ledger.domain.errors import Refused
from ledger.services import group_boards, village_activity
from ledger.services.auth import Principal
from tests.grouped_village import grouped_village
from tests.support import community_today

pytestmark = pytest.mark.anyio


def _principal(village, role: str) -> Principal:
    return Principal(
        user_id=village.staff[role],
        username=village.usernames[role],
        roles={village.community_id: frozenset({role})},
    )


async def test_a_group_board_lists_only_its_households_masked_and_counts_its_participation(pool):
    grouped = await grouped_village(pool)
    community = grouped.village.community_id
    board = await group_boards.group_board(pool, community, grouped.groups["1组"])
    assert board["group"] == "1组"
    # 001's reversed award is not counted: 10 each, in the order the village numbers them.
    assert [(e["rank"], e["household"], e["points"]) for e in board["red_list"]["entries"]] == [
        (1, "001 王*山", 10),
        (2, "002 李*花", 10),
    ]
    assert (
        board["households"],
        board["this_month"]["households_taking_part"],
        board["this_month"]["percent"],
    ) == (
        2,
        2,
        100,
    )
    second = await group_boards.group_board(pool, community, grouped.groups["2组"])
    assert [e["household"] for e in second["red_list"]["entries"]] == ["003 赵*"]
    months = {m["month"]: m["households_taking_part"] for m in board["months"]}
    assert months[f"{community_today():%Y-%m}"] == 2
    if grouped.last_month.year == community_today().year:  # this year's months only
        assert months[f"{grouped.last_month:%Y-%m}"] == 1


async def test_an_unknown_group_a_grid_and_another_villages_group_have_no_board(pool):
    grouped = await grouped_village(pool)
    other = await grouped_village(pool)
    community = grouped.village.community_id
    assert await group_boards.group_board(pool, community, uuid.uuid4()) is None
    assert await group_boards.group_board(pool, community, other.groups["1组"]) is None
    with pytest.raises(Refused) as refused:
        await group_boards.group_board(pool, uuid.uuid4(), grouped.groups["1组"])
    assert refused.value.code == "not_found"


async def test_the_screen_counts_each_group_this_month(pool):
    grouped = await grouped_village(pool)
    figures = await group_boards.participation_by_group(pool, grouped.village.community_id, community_today())
    assert [(g["name"], g["households"], g["households_taking_part"], g["percent"]) for g in figures] == [
        ("1组", 2, 2, 100),
        ("2组", 1, 1, 100),
        ("3组", 0, 0, 0),
    ]


async def test_the_drill_down_has_each_groups_months_net_of_reversals(pool):
    grouped = await grouped_village(pool)
    answer = await village_activity.village_activity(
        pool,
        _principal(grouped.village, "committee"),
        grouped.village.community_id,
        grouped.last_month,
        grouped.this_month,
    )
    assert answer["months"] == [f"{grouped.last_month:%Y-%m}", f"{grouped.this_month:%Y-%m}"]
    figures = {
        g["name"]: [
            (
                m["households_taking_part"],
                m["participation_rate"],
                m["points_awarded"],
                m["points_deducted"],
                m["points_redeemed"],
            )
            for m in g["months"]
        ]
        for g in answer["groups"]
    }
    assert figures == {
        "1组": [(1, 0.5, 10, 0, 0), (2, 1.0, 20, 4, 0)],
        "2组": [(0, 0.0, 0, 0, 0), (1, 1.0, 10, 0, 6)],
        "3组": [(0, 0.0, 0, 0, 0), (0, 0.0, 0, 0, 0)],
        "未分组": [(0, 0.0, 0, 0, 0), (1, 1.0, 10, 0, 0)],
    }
    assert [g["households_active"] for g in answer["groups"]] == [2, 1, 0, 1]
    # Every group together is the village's month (community_month_activity).
    village = await pool.fetchrow(
        "SELECT points_awarded, points_deducted, points_redeemed, households_taking_part"
        " FROM community_month_activity WHERE community_id = $1 AND month = $2",
        grouped.village.community_id,
        grouped.this_month,
    )
    this_month = [g["months"][1] for g in answer["groups"]]
    assert tuple(village) == tuple(
        sum(m[name] for m in this_month)
        for name in ("points_awarded", "points_deducted", "points_redeemed", "households_taking_part")
    )


async def test_only_the_committee_and_the_oversight_read_the_drill_down(pool):
    grouped = await grouped_village(pool)
    community = grouped.village.community_id
    month = grouped.this_month
    for role in ("counter", "scorer", "supervisor", "admin"):
        with pytest.raises(Refused) as refused:
            await village_activity.village_activity(
                pool, _principal(grouped.village, role), community, month, month
            )
        assert refused.value.code == "forbidden", role
    official = Principal(
        user_id=uuid.uuid4(), username="official", roles={community: frozenset({"oversight"})}
    )
    answer = await village_activity.village_activity(pool, official, community, month, month)
    assert [g["name"] for g in answer["groups"]] == ["1组", "2组", "3组", "未分组"]
    with pytest.raises(Refused) as unknown:
        await village_activity.village_activity(pool, official, uuid.uuid4(), month, month)
    assert unknown.value.code == "not_found"
