"""The pages in a real browser on a phone-sized screen, as the people of DESIGN §1 use them:
a scorer proposes after a clean-up, the committee approves, the counter scans a card (a
USB scanner types the card's URL and Enter) and sells, and a resident opens the card, then
the public board, and objects. Only clicks and typing — no script of the page's own."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from ledger.services import cards
from ledger.store import queries
from tests.api.steps import award_in_publicity
from tests.support import PASSWORD, add_goods, add_household, add_rule, give_points

pytestmark = pytest.mark.anyio


def _log_in(browser, server, username: str) -> None:
    browser.delete_all_cookies()
    browser.get(server.base_url + "/login")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD, Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda page: page.current_url.endswith("/staff"))


def _shows(browser, text: str) -> bool:
    """Whether the page comes to show the text (a submitted form's answer loads a moment later)."""
    WebDriverWait(browser, 10).until(lambda page: text in page.page_source)
    return True


def _fits_the_screen(browser) -> bool:
    """Nothing wider than the phone: no sideways scrolling."""
    return browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


async def test_a_scorer_proposes_and_the_committee_approves(browser, server, pool, staffed):
    community = staffed.village.community_id
    for number, name in (("1-001", "赵春梅"), ("1-002", "钱卫东"), ("1-003", "孙丽")):
        await add_household(pool, staffed.village, number, name)
    await add_rule(pool, staffed.village, "R02", 5)

    _log_in(browser, server, staffed.village.usernames["scorer"])
    browser.find_element(By.LINK_TEXT, "提议加扣分").click()
    assert _fits_the_screen(browser)
    for label in browser.find_elements(By.CSS_SELECTOR, ".households label"):
        if label.text.startswith(("1-001", "1-003")):
            label.click()
    browser.find_element(By.ID, "note").send_keys("11月20日环境整治")
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    assert _shows(browser, "已提交 2 户")

    _log_in(browser, server, staffed.village.usernames["committee"])
    browser.get(f"{server.base_url}/staff/{community}/review")
    assert _shows(browser, "1-001、1-003") and _fits_the_screen(browser)
    browser.find_element(By.CSS_SELECTOR, "button[value=approve]").click()
    assert _shows(browser, "已通过 2 户")
    figures = {row["spendable"] for row in await queries.all_household_figures(pool, community)}
    assert figures == {0, 5}


async def test_the_counter_scans_a_card_and_sells(browser, server, pool, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "2-015", "李秀英")
    await give_points(pool, staffed.village, household, 40)
    rice = await add_goods(pool, staffed.village, "LY001", 15, 5)
    card = await cards.issue_card(pool, community, None, household)

    _log_in(browser, server, staffed.village.usernames["counter"])
    browser.find_element(By.LINK_TEXT, "超市收银").click()
    # The card field has the focus: the scanner's keystrokes land there, Enter submits.
    browser.switch_to.active_element.send_keys(f"{server.base_url}/c/{card.token}", Keys.ENTER)
    assert _shows(browser, "2-015 李秀英") and _fits_the_screen(browser)
    quantity = browser.find_element(By.NAME, f"quantity_{rice}")
    quantity.clear()
    quantity.send_keys("2")
    browser.find_element(By.XPATH, "//button[normalize-space(.)='兑换']").click()
    assert _shows(browser, "兑换成功：30 分，余 10 分")
    assert _shows(browser, "商品LY001 ×2")  # the sale's answer is its receipt
    assert (await queries.household(pool, community, household))["spendable"] == 10


async def test_a_resident_opens_the_card_and_objects_on_the_board(browser, server, pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "3-017", "周建华")
    card = await cards.issue_card(pool, community, None, household)
    await award_in_publicity(client, staffed, household, name="见义勇为")

    browser.get(f"{server.base_url}/c/{card.token}")
    assert _shows(browser, "周*华") and _fits_the_screen(browser)
    browser.find_element(By.PARTIAL_LINK_TEXT, "公示栏").click()
    assert _shows(browser, "见义勇为") and "周建华" not in browser.page_source
    browser.find_element(By.TAG_NAME, "summary").click()
    browser.find_element(By.NAME, "reason").send_keys("当天他不在村里", Keys.ENTER)
    assert _shows(browser, "异议已提交")
    objections = (await client.get(f"{staffed.api}/objections", headers=staffed.auth("supervisor"))).json()
    assert [o["reason"] for o in objections] == ["当天他不在村里"]


async def test_a_resident_makes_a_poster_of_the_board_for_the_wechat_group(
    browser, server, pool, client, staffed
):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "3-017", "周建华")
    await award_in_publicity(client, staffed, household, name="见义勇为")

    browser.get(f"{server.base_url}/board/{community}")
    assert _shows(browser, "发到微信群") and _fits_the_screen(browser)
    browser.find_element(By.CSS_SELECTOR, f'a[href="/board/{community}/poster/publicity.png"]').click()
    # The phone shows the picture itself (to long-press and send): 1,080 px wide, drawn whole.
    shown = "const i = document.images[0]; return i && i.complete ? i.naturalWidth : 0"
    WebDriverWait(browser, 10).until(lambda page: page.execute_script(shown) == 1080)
    assert browser.current_url.endswith("/poster/publicity.png")


async def test_a_resident_switches_the_card_page_to_english_and_it_stays_so(browser, server, pool, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "017", "周建华")
    card = await cards.issue_card(pool, community, None, household)

    browser.delete_all_cookies()
    browser.get(f"{server.base_url}/c/{card.token}")
    assert _shows(browser, "可用积分")
    browser.find_element(By.LINK_TEXT, "English").click()
    assert _shows(browser, "Spendable") and "可用积分" not in browser.page_source
    assert browser.current_url == f"{server.base_url}/c/{card.token}"  # back on the same card
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    browser.find_element(By.PARTIAL_LINK_TEXT, "Public board").click()
    assert _shows(browser, "In publicity") and _fits_the_screen(browser)  # the choice is remembered
    browser.find_element(By.LINK_TEXT, "中文").click()
    assert _shows(browser, "公示中") and "In publicity" not in browser.page_source
