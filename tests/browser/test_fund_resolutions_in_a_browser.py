"""The fund under 四议两公开 in real Chromium (as tests/browser/test_every_page_state.py
checks every page): the committee records a meeting's resolution, pays under it with the
receipt photo (after withdrawing one recorded in error), and the public board posts the resolution and the result with its photo —
each state no wider than the phone and clean by axe-core; the receipt's pixels load."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from ledger.store import queries
from tests.browser.test_every_page_state import _done, _fill, _form, _open, _press
from tests.browser.village import seed, sign_in
from tests.support import community_today, photo

pytestmark = pytest.mark.anyio


async def test_a_resolution_then_its_expenditure_and_both_on_the_board(
    browser, inspector, server, pool, client, staffed, tmp_path
):
    village = await seed(pool, client, staffed)
    community = village.community_id
    await sign_in(browser, server, pool, village.user("committee"))
    _open(browser, server, f"/staff/{community}/fund")

    def resolve(amount: str) -> None:
        form = _form(browser, "resolve")
        Select(form.find_element(By.NAME, "meeting")).select_by_value("villager_representatives")
        # A date field types as the browser's locale shows dates; its value is ISO whatever that is.
        browser.execute_script(
            "arguments[0].value = arguments[1]",
            form.find_element(By.NAME, "meeting_on"),
            community_today().isoformat(),
        )
        _fill(form, "purpose", "修缮村道路灯")
        _fill(form, "amount", amount)
        _fill(form, "entitled", "30")
        _fill(form, "attended", "24")
        _fill(form, "voted_for", "21")
        _press(browser, form)
        assert "已记入决议" in _done(browser)

    resolve("8000")  # one zero too many: withdrawn with its reason, then recorded again
    inspector.look("committee fund resolution recorded")
    form = _form(browser, "withdraw")
    _fill(form, "reason", "金额录错，应为 800 元")
    _press(browser, form)
    assert "已撤回这项决议" in _done(browser)
    inspector.look("committee fund resolution withdrawn")
    resolve("800")

    receipt = tmp_path / "receipt.jpg"
    receipt.write_bytes(photo())
    form = _form(browser, "spend")
    Select(form.find_element(By.NAME, "resolution_id")).select_by_index(1)
    _fill(form, "purpose", "修缮村道路灯")
    _fill(form, "payee", "镇电器维修部")
    _fill(form, "amount", "760")
    form.find_element(By.NAME, "receipt").send_keys(str(receipt))
    _press(browser, form)
    assert "已记支出 760.00 元" in _done(browser)
    inspector.look("committee fund spent under a resolution")
    assert await queries.fund_balance(pool, community) == 200_000 - 76_000

    _open(browser, server, f"/board/{community}")
    assert "幸福基金 · 决议公开" in browser.page_source
    image = browser.find_element(By.CSS_SELECTOR, "img[alt^='票据照片']")
    browser.execute_script("arguments[0].scrollIntoView()", image)  # it loads lazily, as it comes into view
    WebDriverWait(browser, 10).until(lambda page: page.execute_script("return arguments[0].complete", image))
    assert browser.execute_script("return arguments[0].naturalWidth", image) == 800
    inspector.look("resident board with the fund's resolution and result")
    inspector.assert_clean()
