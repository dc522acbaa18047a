"""Villager groups in a real browser (issue 13): a resident opens the village's board on a
phone and taps their group — its red list, masked, and its participation, fitting 360 px with
nothing serious for axe-core; a township official goes from the township's charts to a
village's groups, where every chart is really drawn (its canvas has painted pixels) with its
table beside it; the village screen carries the chart of participation by group."""

from __future__ import annotations

import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from ledger.store import accounts, hierarchy
from tests.browser.test_activity_charts import _PAINTED
from tests.browser.test_pages_in_a_browser import _log_in
from tests.grouped_village import grouped_village
from tests.support import password_hash

pytestmark = pytest.mark.anyio


async def test_a_resident_opens_their_groups_board_on_a_phone(browser, inspector, server, pool):
    grouped = await grouped_village(pool)
    community = grouped.village.community_id
    browser.get(f"{server.base_url}/board/{community}")
    browser.find_element(
        By.CSS_SELECTOR, f'a[href="/board/{community}?group={grouped.groups["1组"]}"]'
    ).click()
    WebDriverWait(browser, 10).until(lambda page: "本组本月红榜" in page.page_source)
    rows = [
        row.text.split()
        for row in browser.find_elements(By.CSS_SELECTOR, "main table:first-of-type tbody tr")
    ]
    assert rows[:2] == [["1", "001", "王*山", "+10"], ["2", "002", "李*花", "+10"]]
    assert "本组 2 户，本月有 2 户参与" in browser.find_element(By.TAG_NAME, "main").text
    inspector.look("group board of 1组 on a phone")
    browser.get(f"{server.base_url}/board/{community}?group={uuid.uuid4()}")
    assert "本村没有这个村民小组" in browser.page_source
    inspector.look("group board of a group the village does not have")
    inspector.assert_clean()


async def test_the_township_official_drills_down_into_a_villages_groups(
    browser, inspector, server, pool, owner
):
    county = await hierarchy.county_id(owner, f"县{uuid.uuid4().hex[:6]}", create=True)
    township = await hierarchy.township_id(owner, county, f"青山镇{uuid.uuid4().hex[:4]}", create=True)
    grouped = await grouped_village(pool, township)
    username = f"town{uuid.uuid4().hex[:8]}"
    user_id = await accounts.create_user(pool, uuid.uuid4(), username, "乡镇干部", password_hash())
    await accounts.grant_oversight(owner, user_id, township, None)
    _log_in(browser, server, username)
    month = f"{grouped.this_month:%Y-%m}"
    browser.get(f"{server.base_url}/staff/activity/township/{township}?from={month}&to={month}")
    ranking = browser.find_element(By.ID, "ranking-title").find_element(By.XPATH, "..")
    ranking.find_element(
        By.CSS_SELECTOR, f'a[href^="/staff/activity/community/{grouped.village.community_id}?"]'
    ).click()
    WebDriverWait(browser, 10).until(lambda page: page.find_elements(By.CSS_SELECTOR, "[data-chart] canvas"))

    painted = dict(browser.execute_script(_PAINTED))
    assert set(painted) == {"group-participation", "points-awarded", "points-deducted", "points-redeemed"}
    assert all(count > 500 for count in painted.values()), painted
    awarded = browser.find_element(By.ID, "points-awarded-title").find_element(By.XPATH, "..")
    rows = [row.text.split() for row in awarded.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert [row[0] for row in rows] == ["1组", "2组", "3组", "未分组"]
    assert [row[-1] for row in rows] == ["20", "10", "0", "10"]  # this month, the last column
    assert (
        browser.find_element(By.CSS_SELECTOR, "a[download]")
        .get_attribute("href")
        .endswith(f"/activity.xlsx?from={month}&to={month}")
    )
    inspector.look("township official drilled down into a villages groups")
    inspector.assert_clean()


async def test_the_village_screen_shows_participation_by_group(browser, inspector, server, pool):
    grouped = await grouped_village(pool)
    # With reduced motion every panel stays on the page: the groups' chart is seen (and
    # checked by axe-core) without waiting for its turn.
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]}
    )
    try:
        browser.get(f"{server.base_url}/board/{grouped.village.community_id}?screen=1")
        panel = browser.find_element(By.CSS_SELECTOR, 'section[data-panel="groups-1"]')
        chart = panel.find_element(By.CSS_SELECTOR, "svg.groups-chart")
        assert chart.is_displayed()
        assert len(chart.find_elements(By.TAG_NAME, "rect")) == 3
        assert "1组 2/2 户（100%）" in chart.get_attribute("aria-label")
        browser.execute_script("arguments[0].scrollIntoView()", panel)
        inspector.look("village screen with the groups chart")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    inspector.assert_clean()
