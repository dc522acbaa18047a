"""The three pictures at the top of the README, taken on a phone (360 × 740) in a village
with a few weeks behind it: the counter ringing up a cart, the public board, and the
supervision committee's event log. Each is also checked like every other page state.

Made again with:  LEDGER_SCREENSHOTS=docs/screenshots ops/test tests/browser -k screenshots
(without LEDGER_SCREENSHOTS they go to this run's own folder, printed at the end)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.inspection import PHONE, screenshot
from tests.browser.village import seed, sign_in
from tests.server import Staffed
from tests.support import new_village, session_token

pytestmark = pytest.mark.anyio

README_PICTURES = ("counter-phone.png", "board-phone.png", "event-log-phone.png")
# The staff as the pictures name them (a village's own accounts read like these).
USERNAMES = {
    "counter": "li_chaoshi",
    "scorer": "zhang_wangge",
    "committee": "wang_cunwei",
    "supervisor": "zhao_jiandu",
    "admin": "chen_guanli",
}
HEIGHT_MAX = 1200  # px: about a screen and a half, so the three stand side by side


async def test_screenshots_for_the_readme(browser, inspector, server, pool, client, screenshot_folder):
    named = await new_village(pool, name="青山村", usernames=USERNAMES)
    staffed = Staffed(named, {role: await session_token(pool, user) for role, user in named.staff.items()})
    village = await seed(pool, client, staffed)
    community = village.community_id
    counter, board, log = (screenshot_folder / name for name in README_PICTURES)

    await sign_in(browser, server, pool, village.user("counter"))
    browser.get(f"{server.base_url}/staff/{community}/counter")
    browser.switch_to.active_element.send_keys(
        f"{server.base_url}/c/{village.card_tokens['004']}", Keys.ENTER
    )
    WebDriverWait(browser, 10).until(lambda page: "李秀英" in page.page_source)
    for code, quantity in (("G01", "2"), ("G08", "1")):
        field = browser.find_element(By.NAME, f"quantity_{village.goods[code]}")
        field.clear()
        field.send_keys(quantity)
    # The running total, as the page's script keeps it: two soaps and a salt, 13 points.
    WebDriverWait(browser, 10).until(
        lambda page: page.find_element(By.CSS_SELECTOR, "[data-cart-total]").text == "13"
    )
    browser.execute_script("document.activeElement.blur()")  # no caret in the picture
    inspector.look("readme counter", keep_screenshots=False)
    screenshot(browser, counter, PHONE[0], HEIGHT_MAX, quick=False)

    browser.get(f"{server.base_url}/board/{community}")
    inspector.look("readme board", keep_screenshots=False)
    screenshot(browser, board, PHONE[0], HEIGHT_MAX, quick=False)

    # The supervision committee reversed a sale entered twice: the log marks both entries.
    reversed_ = await client.post(
        f"{staffed.api}/reversals",
        json={"event_seq": village.sales[0], "reason": "重复录入，已与户主核对"},
        headers=staffed.auth("supervisor"),
    )
    assert reversed_.status_code == 201, reversed_.text
    await sign_in(browser, server, pool, village.user("supervisor"))
    browser.get(f"{server.base_url}/staff/{community}/events")
    inspector.look("readme event log", keep_screenshots=False)
    screenshot(browser, log, PHONE[0], HEIGHT_MAX, quick=False)

    inspector.assert_clean()
    for picture in (counter, board, log):
        assert picture.stat().st_size > 10_000, picture  # a page, not a blank
