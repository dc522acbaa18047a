"""Groups and grids on the workbench: the committee creates them, places households and
gives a scorer a grid on its page; the households page shows and filters by them; the
scorer's propose page then offers "all households of my grid" as one tap."""

from __future__ import annotations

import pytest

from ledger.store import queries
from ledger.store.queries import groups as group_reads
from tests.api.web import hidden_csrf, log_in, session_cookie, submit
from tests.support import PASSWORD, add_household, add_rule

pytestmark = pytest.mark.anyio


async def _open(client, staffed, role: str, page: str, query: str = ""):
    cookie = session_cookie(await log_in(client, staffed.village.usernames[role], PASSWORD))
    answer = await client.get(f"/staff/{staffed.village.community_id}/{page}{query}", headers=cookie)
    return cookie, hidden_csrf(answer.text) if 'name="csrf_token"' in answer.text else "", answer


async def _form(client, staffed, cookie, csrf, **data):
    return await submit(
        client,
        f"/staff/{staffed.village.community_id}/groups",
        data={"csrf_token": csrf, **data},
        headers=cookie,
    )


async def _ids(pool, staffed) -> dict[str, str]:
    return {
        row["name"]: str(row["group_id"])
        for row in await group_reads.groups(pool, staffed.village.community_id)
    }


async def test_the_committee_keeps_groups_and_grids_and_the_scorer_proposes_for_their_grid(
    pool, client, staffed
):
    community = staffed.village.community_id
    await add_household(pool, staffed.village, "001", "赵春梅")
    await add_household(pool, staffed.village, "002", "钱卫东")
    await add_household(pool, staffed.village, "003", "孙丽")
    rule = await add_rule(pool, staffed.village, "R02", 5)
    cookie, csrf, page = await _open(client, staffed, "committee", "groups")
    assert page.status_code == 200 and "小组与网格" in page.text
    created = await _form(
        client, staffed, cookie, csrf, action="create", kind="group", name="一组", parent_id=""
    )
    assert "已新建「一组」" in created.text
    one = (await _ids(pool, staffed))["一组"]
    await _form(client, staffed, cookie, csrf, action="create", kind="grid", name="一组东片", parent_id=one)
    east = (await _ids(pool, staffed))["一组东片"]
    for number in ("001", "002"):
        placed = await _form(
            client, staffed, cookie, csrf, action="move", number=number, group_id=one, grid_id=east
        )
        assert f"已把 {number} 分入" in placed.text
    await _form(client, staffed, cookie, csrf, action="move", number="003", group_id=one, grid_id="")
    scorer = str(staffed.village.staff["scorer"])
    await _form(client, staffed, cookie, csrf, action="assign", user_id=scorer, grid_id=east)
    grids = {row["name"]: row["scorers"] for row in await group_reads.groups(pool, community)}
    assert [str(user) for user in grids["一组东片"]] == [scorer]

    # The households page shows each household's place and filters by grid.
    _, _, households = await _open(client, staffed, "committee", "households", f"?grid={east}")
    assert "一组 · 一组东片" in households.text
    # (By name: a number like "003" can turn up inside a random id on the page.)
    assert "赵春梅" in households.text and "孙丽" not in households.text
    _, _, bad_filter = await _open(client, staffed, "committee", "households", "?group=nonsense")
    assert bad_filter.status_code == 400

    # The scorer sees the households of their grid, and proposes for all of them in one tap.
    cookie, csrf, propose = await _open(client, staffed, "scorer", "propose")
    assert "我负责网格的全部户（一组东片）" in propose.text
    assert "003 孙丽" not in propose.text
    answer = await submit(
        client,
        f"/staff/{community}/propose",
        data={"csrf_token": csrf, "rule_id": str(rule), "my_grid": "1", "note": "清扫"},
        headers=cookie,
    )
    assert "已提交 2 户" in answer.text
    waiting = (await client.get(f"{staffed.api}/proposals", headers=staffed.auth("committee"))).json()
    assert sorted(p["number"] for p in waiting) == ["001", "002"]


async def test_a_refused_form_shows_why_and_changes_nothing(pool, client, staffed):
    await add_household(pool, staffed.village, "001")
    cookie, csrf, _ = await _open(client, staffed, "committee", "groups")
    await _form(client, staffed, cookie, csrf, action="create", kind="group", name="一组", parent_id="")
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    again = await _form(
        client, staffed, cookie, csrf, action="create", kind="group", name="一组", parent_id=""
    )
    assert again.status_code == 409
    assert "本村已经有叫「一组」的小组或网格了" in again.text
    counter = str(staffed.village.staff["counter"])
    one = (await _ids(pool, staffed))["一组"]
    not_a_grid = await _form(client, staffed, cookie, csrf, action="assign", user_id=counter, grid_id=one)
    assert not_a_grid.status_code == 400
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head


async def test_the_groups_page_opens_for_the_committee_only(client, staffed):
    for role, status in (("committee", 200), ("scorer", 403), ("admin", 403), ("supervisor", 403)):
        _, _, answer = await _open(client, staffed, role, "groups")
        assert answer.status_code == status, role
