"""The village screen (大屏, /board/{community}?screen=1): every panel of the TV page with
its figures — publicity with the days it has left, this month's red list, the fund's
statement, goods and stock, participation by month as an SVG chart, the chain head — and
names masked exactly as on the public board."""

from __future__ import annotations

import re

import pytest

from ledger.store import queries
from tests.api.steps import award_in_publicity
from tests.support import add_goods, add_household, give_points, keep_the_day_from_turning

pytestmark = pytest.mark.anyio


async def _village_on_screen(pool, client, staffed):
    village = staffed.village
    await keep_the_day_from_turning(pool, village)  # "5 days left" and this month's figures hold
    committee = staffed.auth("committee")
    posted = await add_household(pool, village, "1-001", "李秀英")
    first = await add_household(pool, village, "1-002", "王建国")
    second = await add_household(pool, village, "1-003", "欧阳小明")
    await add_household(pool, village, "1-004", "赵四")  # earned nothing
    await award_in_publicity(client, staffed, posted, name="子女考上大学", days=5)
    await give_points(pool, village, first, 30)
    await give_points(pool, village, second, 12)
    await add_goods(pool, village, "G01", 7, 40)
    await client.post(
        f"{staffed.api}/fund/contributions",
        json={"source": "household", "household_id": str(first), "amount_fen": 20000, "method": "cash"},
        headers=committee,
    )
    await client.post(
        f"{staffed.api}/fund/expenditures",
        json={"amount_fen": 5050, "purpose": "采购大米", "payee": "镇供销社"},
        headers=committee,
    )


def _panel(page: str, key: str) -> str:
    found = re.search(rf'<section class="panel" data-panel="{key}".*?</section>', page, re.S)
    assert found, f"no panel {key}"
    return found.group(0)


async def test_every_panel_shows_its_figures_with_names_masked(pool, client, staffed):
    await _village_on_screen(pool, client, staffed)
    community = staffed.village.community_id
    page = (await client.get(f"/board/{community}?screen=1")).text

    publicity = _panel(page, "publicity-1")
    assert "1-001 李*英" in publicity and "P50 子女考上大学" in publicity and "+50" in publicity
    assert "还剩 5 天" in publicity
    red = _panel(page, "red-1")
    assert re.search(r"<td class=num>1</td><td>1-002 王\*国</td><td class='num plus'>\+30</td>", red)
    assert re.search(r"<td class=num>2</td><td>1-003 欧\*\*明</td><td class='num plus'>\+12</td>", red)
    fund = _panel(page, "fund")
    assert "<b>200.00</b><span>本月收入" in fund and "<b>50.50</b><span>本月支出" in fund
    assert "<b>149.50</b><span>当前余额" in fund and "采购大米" in fund
    goods = _panel(page, "goods-1")
    assert "商品G01" in goods and "7 分" in goods and "<td class=num>40</td>" in goods
    participation = _panel(page, "participation")
    # 1-002 and 1-003 earned points this month (the award in publicity is not confirmed yet): 2 of 4.
    assert "<svg" in participation and 'role="img"' in participation and "2 · 50%" in participation
    assert "共 4 户" in participation
    head = await queries.community(pool, community)
    chain = _panel(page, "chain")
    assert head["head_hash"].hex()[:8] in chain and f"本村记录共 {head['head_seq']} 条" in chain

    for full_name in ("李秀英", "王建国", "欧阳小明"):
        assert full_name not in page
    assert 'src="/static/screen.js"' in page and "更新于 " in page


async def test_the_screen_in_english_and_an_unknown_village(pool, client, staffed):
    await _village_on_screen(pool, client, staffed)
    english = await client.get(
        f"/board/{staffed.village.community_id}?screen=1", headers={"Accept-Language": "en"}
    )
    assert '<html lang="en">' in english.text and "5 days left" in english.text
    assert "This month&#x27;s red list" in english.text and "Updated " in english.text
    unknown = await client.get("/board/00000000-0000-4000-8000-000000000000?screen=1")
    assert unknown.status_code == 404


async def test_long_lists_run_over_several_panels(pool, client, staffed):
    village = staffed.village
    for number in range(1, 12):
        await give_points(pool, village, await add_household(pool, village, f"2-{number:03d}"), number)
    page = (await client.get(f"/board/{village.community_id}?screen=1")).text
    # The red list shows 10 by default: 8 on the first panel, 2 on the second.
    assert "本月红榜" in _panel(page, "red-1") and "(1/2)" in _panel(page, "red-1")
    assert _panel(page, "red-2").count("<tr>") == 3  # its header and two households
