"""Groups and grids over HTTP: the committee keeps them and places households, the
households list filters by them, and a scorer given a grid is refused for a household
outside it (403 outside_assigned_grid, in Chinese), nothing written."""

from __future__ import annotations

import pytest

from ledger.store import queries
from tests.support import add_household, add_rule

pytestmark = pytest.mark.anyio


async def _create(client, staffed, kind, name, parent=None) -> str:
    answer = await client.post(
        f"{staffed.api}/groups",
        json={"kind": kind, "name": name, "parent_id": parent},
        headers=staffed.auth("committee"),
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


async def _move(client, staffed, household, group, grid=None):
    return await client.post(
        f"{staffed.api}/groups/moves",
        json={"household_id": str(household), "group_id": group, "grid_id": grid},
        headers=staffed.auth("committee"),
    )


async def test_the_committee_places_households_and_the_list_filters_by_group_and_grid(pool, client, staffed):
    one = await _create(client, staffed, "group", "一组")
    two = await _create(client, staffed, "group", "二组")
    east = await _create(client, staffed, "grid", "一组东片", one)
    first = await add_household(pool, staffed.village, "001")
    second = await add_household(pool, staffed.village, "002")
    await add_household(pool, staffed.village, "003")
    assert (await _move(client, staffed, first, one, east)).json() == {"changed": True}
    assert (await _move(client, staffed, second, two)).json() == {"changed": True}
    committee = staffed.auth("committee")

    async def numbers(**filters) -> list[str]:
        listed = await client.get(f"{staffed.api}/households", params=filters, headers=committee)
        return [household["number"] for household in listed.json()["households"]]

    assert await numbers(group_id=one) == ["001"]
    assert await numbers(grid_id=east) == ["001"]
    assert await numbers(group_id=two) == ["002"]
    assert await numbers() == ["001", "002", "003"]
    shown = (await client.get(f"{staffed.api}/households/{first}", headers=committee)).json()
    assert (shown["group_name"], shown["grid_name"]) == ("一组", "一组东片")
    groups = (await client.get(f"{staffed.api}/groups", headers=staffed.auth("scorer"))).json()
    assert [(g["name"], g["kind"], g["households"]) for g in groups] == [
        ("一组", "group", 1),
        ("二组", "group", 1),
        ("一组东片", "grid", 1),
    ]


async def test_refusals_answer_their_codes_and_write_nothing(pool, client, staffed):
    one = await _create(client, staffed, "group", "一组")
    two = await _create(client, staffed, "group", "二组")
    east = await _create(client, staffed, "grid", "一组东片", one)
    household = await add_household(pool, staffed.village, "001")
    await _move(client, staffed, household, one, east)
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    committee = staffed.auth("committee")
    answers = [
        await _move(client, staffed, household, two, east),
        await client.post(f"{staffed.api}/groups", json={"kind": "group", "name": "二组"}, headers=committee),
        await client.patch(f"{staffed.api}/groups/{one}", json={"status": "retired"}, headers=committee),
        await client.post(
            f"{staffed.api}/groups/{east}/scorers",
            json={"user_id": str(staffed.village.staff["counter"])},
            headers=committee,
        ),
    ]
    assert [(a.status_code, a.json()["code"]) for a in answers] == [
        (409, "grid_outside_group"),
        (409, "already_exists"),
        (409, "group_in_use"),
        (409, "not_a_scorer"),
    ]
    assert answers[0].json()["detail"] == "网格「一组东片」属于另一个小组，不属于「二组」"
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head


async def test_a_scorer_with_a_grid_is_refused_outside_it(pool, client, staffed):
    one = await _create(client, staffed, "group", "一组")
    east = await _create(client, staffed, "grid", "一组东片", one)
    west = await _create(client, staffed, "grid", "一组西片", one)
    mine = await add_household(pool, staffed.village, "001")
    other = await add_household(pool, staffed.village, "002")
    await _move(client, staffed, mine, one, east)
    await _move(client, staffed, other, one, west)
    rule = await add_rule(pool, staffed.village, "R01", 10)
    scorer = str(staffed.village.staff["scorer"])
    assigned = await client.post(
        f"{staffed.api}/groups/{east}/scorers", json={"user_id": scorer}, headers=staffed.auth("committee")
    )
    assert assigned.json() == {"changed": True}
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    refused = await client.post(
        f"{staffed.api}/proposals",
        json={"rule_id": str(rule), "household_ids": [str(mine), str(other)]},
        headers=staffed.auth("scorer"),
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "outside_assigned_grid"
    assert refused.json()["detail"] == "第 002 户不在你负责的网格（一组东片）里，不能为它申报"
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head
    taken_back = await client.delete(
        f"{staffed.api}/groups/{east}/scorers/{scorer}", headers=staffed.auth("committee")
    )
    assert taken_back.json() == {"changed": True}
    # With no grid left, the scorer proposes for every household again (a small village).
    again = await client.post(
        f"{staffed.api}/proposals",
        json={"rule_id": str(rule), "household_ids": [str(mine), str(other)]},
        headers=staffed.auth("scorer"),
    )
    assert again.status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "group", "name": "   "},
        {"kind": "village", "name": "一组"},
        {"kind": "group", "name": "组" * 41},
        {"kind": "grid", "name": "东片", "parent_id": "not-a-uuid"},
        {"kind": "group", "name": "一组", "colour": "red"},
    ],
    ids=["blank", "unknown kind", "too long", "bad parent", "unknown field"],
)
async def test_bad_bodies_are_400_and_write_nothing(pool, client, staffed, body):
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    answer = await client.post(f"{staffed.api}/groups", json=body, headers=staffed.auth("committee"))
    assert (answer.status_code, answer.json()["code"]) == (400, "validation_failed")
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head


async def test_unknown_ids_are_404_and_both_changes_at_once_400(pool, client, staffed):
    committee = staffed.auth("committee")
    unknown = "00000000-0000-0000-0000-000000000001"
    household = await add_household(pool, staffed.village, "001")
    group = await _create(client, staffed, "group", "一组")
    answers = [
        await client.post(
            f"{staffed.api}/groups",
            json={"kind": "grid", "name": "东片", "parent_id": unknown},
            headers=committee,
        ),
        await client.patch(f"{staffed.api}/groups/{unknown}", json={"name": "二组"}, headers=committee),
        await _move(client, staffed, unknown, group),
        await _move(client, staffed, household, unknown),
        await client.delete(f"{staffed.api}/groups/{unknown}/scorers/{unknown}", headers=committee),
        await client.patch(
            f"{staffed.api}/groups/{group}", json={"name": "二组", "status": "retired"}, headers=committee
        ),
    ]
    assert [a.status_code for a in answers] == [404, 404, 404, 404, 404, 400]
