"""Group boards as residents open them (/board/{community}?group={group}): the village's board
leads to each group's; a group's board shows its own red list, masked as the board masks it,
and how many of its households took part this month and each month of the year; a group
that is not there is a page in Chinese that says so (404) and leads back; the board's limit
per address counts these look-ups too."""

from __future__ import annotations

import asyncio
import re
import uuid

import pytest

from ledger.domain import commands
from ledger.services import groups
from tests.grouped_village import grouped_village

pytestmark = pytest.mark.anyio


async def test_the_village_board_links_each_group_and_a_group_board_shows_its_own(pool, client):
    grouped = await grouped_village(pool)
    community = grouped.village.community_id
    board = await client.get(f"/board/{community}")
    assert board.status_code == 200
    for name, group_id in grouped.groups.items():
        assert f'href="/board/{community}?group={group_id}">{name}</a>' in board.text

    page = await client.get(f"/board/{community}", params={"group": str(grouped.groups["1组"])})
    assert page.status_code == 200
    assert "1组" in page.text
    assert "001 王*山" in page.text and "002 李*花" in page.text
    assert "王大山" not in page.text  # masked, as on the board
    assert "003 赵*" not in page.text and "004" not in page.text  # other groups' and none's
    assert "本组 2 户，本月有 2 户参与（有加分、扣分或兑换），占 100%" in page.text
    assert (
        f"<tr><td>{grouped.this_month:%Y-%m}</td><td class=num>2</td><td class=num>100%</td></tr>"
        in page.text
    )
    # The others are a tap away; the one shown is not linked to itself.
    assert f"?group={grouped.groups['2组']}" in page.text
    assert f"?group={grouped.groups['1组']}" not in page.text


async def test_a_group_that_is_not_there_is_a_chinese_404_page(pool, client):
    grouped = await grouped_village(pool)
    community = grouped.village.community_id
    retired = await groups.create_group(
        pool, community, None, commands.CreateGroup(kind="group", name="旧组")
    )
    await groups.change_group(pool, community, None, retired, commands.ChangeGroup(status="retired"))
    grid = await groups.create_group(pool, community, None, commands.CreateGroup(kind="grid", name="东片"))
    other = await grouped_village(pool)
    for group in (str(uuid.uuid4()), str(retired), str(grid), str(other.groups["1组"]), "not-an-id"):
        page = await client.get(f"/board/{community}", params={"group": group})
        assert page.status_code == 404, group
        assert page.headers["content-type"].startswith("text/html")
        assert "本村没有这个村民小组" in page.text
        assert f'href="/board/{community}"' in page.text
    board = await client.get(f"/board/{community}")
    assert f"?group={retired}" not in board.text and f"?group={grid}" not in board.text


async def test_group_look_ups_count_against_the_boards_limit_per_address(pool, client):
    grouped = await grouped_village(pool)
    path = f"/board/{grouped.village.community_id}?group={grouped.groups['1组']}"
    address = {"X-Forwarded-For": f"10.251.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"}
    # Twice the minute's allowance at once: the bucket cannot refill that fast.
    answers = await asyncio.gather(*(client.get(path, headers=address) for _ in range(120)))
    statuses = [answer.status_code for answer in answers]
    assert set(statuses) == {200, 429}
    assert {a.json()["code"] for a in answers if a.status_code == 429} == {"rate_limited"}


async def test_the_screen_charts_this_months_participation_by_group(pool, client):
    grouped = await grouped_village(pool)
    page = (await client.get(f"/board/{grouped.village.community_id}?screen=1")).text
    found = re.search(r'<section class="panel" data-panel="groups-1".*?</section>', page, re.S)
    assert found, "no panel of the groups"
    panel = found.group(0)
    assert "各小组本月参与情况" in panel
    assert '<svg class="chart groups-chart"' in panel
    assert "1组 2/2 户（100%）、2组 1/1 户（100%）、3组 0/0 户（0%）" in panel  # said for a screen reader
    assert panel.count("<rect") == 3  # a bar a group
    assert '<section class="panel" data-panel="participation"' in page  # the months' chart stays


async def test_a_village_without_groups_has_no_group_panel_nor_links(pool, client, staffed):
    community = staffed.village.community_id
    assert 'data-panel="groups-' not in (await client.get(f"/board/{community}?screen=1")).text
    assert "?group=" not in (await client.get(f"/board/{community}")).text
