"""The village screen (大屏) in real Chromium: it shows one panel at a time and moves on by
itself, reads its figures again without losing its place, shows every panel at once where
the viewer asks for reduced motion, fits a 1920 × 1080 TV, a 1280 × 720 one and a 360 px
phone, and axe-core finds nothing critical or serious in any panel. The card with its rank
is looked at too.

No timed assertions: the test sets the page's own data-panel-ms and data-refresh-ms small
(the script reads them afresh) and waits explicitly for the change to show."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from ledger.domain import commands
from ledger.services import cards, counter
from tests.api.steps import award_in_publicity
from tests.browser import axe
from tests.browser.inspection import PHONE, screenshot, set_viewport
from tests.support import add_goods, add_household, give_points

pytestmark = pytest.mark.anyio

TV = (1920, 1080)
SMALL_TV = (1280, 720)


def _current(browser) -> str | None:
    return browser.find_element(By.ID, "screen").get_attribute("data-current")


def _shown_panels(browser) -> list[str]:
    return [
        panel.get_attribute("data-panel")
        for panel in browser.find_elements(By.CSS_SELECTOR, "[data-panel]")
        if panel.is_displayed()
    ]


def _problems_at(browser, sizes, pictures=None, name="") -> list[str]:
    """What is wrong with the page at each size (wider than the window, axe's findings); a
    screenshot of each into `pictures` if given."""
    problems = []
    for width, height in sizes:
        set_viewport(browser, width, height)
        if pictures is not None:
            screenshot(browser, pictures / f"{name}-{width}x{height}.png", width)
        if browser.execute_script("return document.documentElement.scrollWidth") > width:
            problems.append(f"wider than {width} px")
        problems.extend(f"{width}×{height}: {finding}" for finding in axe.failing_findings(browser))
    set_viewport(browser, *PHONE)
    return problems


def _set(browser, attribute: str, value: str) -> None:
    browser.execute_script(f"document.getElementById('screen').setAttribute('{attribute}', '{value}')")


async def test_the_screen_rotates_refreshes_and_keeps_its_place(
    browser, server, pool, client, staffed, screenshot_folder
):
    village = staffed.village
    await award_in_publicity(client, staffed, await add_household(pool, village, "1-001", "李秀英"))
    await give_points(pool, village, await add_household(pool, village, "1-002", "王建国"), 30)
    await add_goods(pool, village, "G01", 7, 40)

    browser.get(f"{server.base_url}/board/{village.community_id}?screen=1")
    WebDriverWait(browser, 10).until(lambda page: _current(page) is not None)
    assert _shown_panels(browser) == ["publicity-1"]  # one at a time, the first first
    assert _problems_at(browser, (TV, SMALL_TV, PHONE), screenshot_folder, "village-screen") == []

    # Every panel the page comes to show, noted by the page itself (faster than any polling).
    browser.execute_script(
        """window.panelsSeen = [];
        new MutationObserver(() => window.panelsSeen.push(
            [...document.querySelectorAll('[data-panel]')].filter((p) => p.offsetParent !== null)
                .map((p) => p.dataset.panel).join(' ')
        )).observe(document.getElementById('screen'), {attributes: true, attributeFilter: ['data-current']});"""
    )
    _set(browser, "data-panel-ms", "150")
    WebDriverWait(browser, 20).until(lambda page: len(page.execute_script("return window.panelsSeen")) >= 7)
    seen = browser.execute_script("return window.panelsSeen")[:7]
    # One panel at a time, in the page's order, and round again to the first.
    assert seen == ["red-1", "fund", "goods-1", "participation", "chain", "publicity-1", "red-1"]

    browser.find_element(By.ID, "pause").click()
    held = _current(browser)
    await give_points(pool, village, await add_household(pool, village, "1-003", "欧阳小明"), 12)
    _set(browser, "data-refresh-ms", "150")
    # A refresh replaces the screen's element: one read between the two is stale, read again.
    WebDriverWait(browser, 20, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda page: page.find_element(By.ID, "screen").get_attribute("data-refreshes") is not None
    )
    _set(browser, "data-refresh-ms", "300000")
    # The new figures are on the page (read by the page's own script: a refresh still in flight
    # may replace the panel between a found element and its read).
    WebDriverWait(browser, 10).until(
        lambda page: (
            "1-003 欧**明"
            in page.execute_script("return document.querySelector('[data-panel=\"red-1\"]').textContent")
        )
    )
    assert _current(browser) == held and _shown_panels(browser) == [held]  # and it stayed where it was
    assert "欧阳小明" not in browser.page_source


async def test_with_reduced_motion_every_panel_is_shown_and_clean(
    browser, server, pool, client, staffed, screenshot_folder
):
    village = staffed.village
    await counter.change_policy(
        pool, village.community_id, village.staff["committee"], commands.ChangePolicy(black_board_public=True)
    )
    household = await add_household(pool, village, "1-001", "李秀英")
    await award_in_publicity(client, staffed, household)
    await give_points(pool, village, household, 30)
    await add_goods(pool, village, "G01", 7, 40)
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]}
    )
    try:
        browser.get(f"{server.base_url}/board/{village.community_id}?screen=1")
        panels = ["publicity-1", "red-1", "fund", "goods-1", "participation", "chain"]
        assert _shown_panels(browser) == panels
        assert not browser.find_element(By.ID, "pause").is_displayed()  # nothing moves, nothing to pause
        assert _problems_at(browser, (TV, PHONE), screenshot_folder, "village-screen-all-panels") == []
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})

    card = await cards.issue_card(pool, village.community_id, None, household)
    browser.get(f"{server.base_url}/c/{card.token}")
    # Waited for, not read at once: the screen left behind may still be unloading.
    WebDriverWait(browser, 10).until(lambda page: "本月 第 1 名 / 共 1 户" in page.page_source)
    assert _problems_at(browser, (PHONE,), screenshot_folder, "card-with-rank") == []
