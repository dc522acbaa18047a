"""Residents' own claims (村民申报) in real Chromium at a phone's size: a resident claims
from the card page with a photo, the scorer of the household's grid approves on the
workbench, and the resident sees the award waiting in publicity on the card and on the
public board — each state no wider than the phone and clean by axe-core."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from ledger.domain import commands
from ledger.services import groups
from tests.browser.test_every_page_state import _done, _fill, _open, _press, _refused
from tests.browser.village import seed, sign_in
from tests.support import keep_the_day_from_turning, photo

pytestmark = pytest.mark.anyio


async def test_a_resident_claims_with_a_photo_the_grids_scorer_approves_and_it_waits_in_publicity(
    browser, inspector, server, pool, client, staffed, tmp_path
):
    village = await seed(pool, client, staffed)
    community = village.community_id
    await keep_the_day_from_turning(pool, staffed.village)
    group = await groups.create_group(pool, community, None, commands.CreateGroup(kind="group", name="一组"))
    grid = await groups.create_group(
        pool, community, None, commands.CreateGroup(kind="grid", name="一组东片", parent_id=group)
    )
    move = commands.MoveHousehold(household_id=village.households["001"], group_id=group, grid_id=grid)
    await groups.move_household(pool, community, None, move)
    await groups.assign_grid(pool, community, None, grid, village.user("scorer"))
    # 参加环境卫生清扫 is open to claims in the demo catalog; posted for a week before it counts
    await client.patch(
        f"{staffed.api}/rules/{village.rules['R02']}",
        json={"needs_publicity": True},
        headers=staffed.auth("committee"),
    )

    token = village.card_tokens["001"]
    _open(browser, server, f"/c/{token}")
    assert "今天还可申报 3 次" in browser.page_source
    inspector.look("resident card with the claim form")
    form = browser.find_element(By.CSS_SELECTOR, "form.claim")
    Select(form.find_element(By.NAME, "rule_id")).select_by_visible_text("参加环境卫生清扫 +5")
    _fill(form, "note", "打扫了村口到祠堂的巷子")
    picture = tmp_path / "lane.jpg"
    picture.write_bytes(photo())
    form.find_element(By.NAME, "photo").send_keys(str(picture))
    _press(browser, form)
    assert "申报已提交" in _done(browser)
    assert "待审核" in browser.find_element(By.CSS_SELECTOR, "ul.claims").text
    inspector.look("resident card with a claim waiting")

    # The same rule again the same day: refused on the card, in words
    form = browser.find_element(By.CSS_SELECTOR, "form.claim")
    Select(form.find_element(By.NAME, "rule_id")).select_by_visible_text("参加环境卫生清扫 +5")
    _fill(form, "note", "又扫了一遍")
    _press(browser, form)
    assert "每张积分卡每天最多申报 1 次" in _refused(browser)
    inspector.look("resident card claim refused")

    await sign_in(browser, server, pool, village.user("scorer"))
    _open(browser, server, f"/staff/{community}/claims")
    box = browser.find_element(By.XPATH, "//div[@class='box'][.//input[@name='proposal_id']]")
    assert "001 赵春梅" in box.text and "一组东片" in box.text and "打扫了村口到祠堂的巷子" in box.text
    inspector.look("scorer claims waiting for a decision")
    _press(browser, box.find_element(By.TAG_NAME, "form"), "通过")
    assert "已通过，加 5 分" in _done(browser)
    inspector.look("scorer claim approved")

    _open(browser, server, f"/c/{token}")
    claims = browser.find_element(By.CSS_SELECTOR, "ul.claims").text
    assert "已通过，公示中" in claims
    assert (
        "参加环境卫生清扫" in browser.find_element(By.XPATH, "//h2[.='公示中']/following-sibling::ul[1]").text
    )
    inspector.look("resident card with the claim in publicity")
    _open(browser, server, f"/board/{community}")
    assert "参加环境卫生清扫" in browser.page_source
    inspector.assert_clean()
