"""The township official's charts in a real browser (issue 13): from the overview to the
township's page, where every chart is really drawn (its canvas has painted pixels, not only
a loaded script), each chart's numbers are in a table beside it, the page fits a phone and
axe-core finds nothing serious — and the table downloads as .xlsx with the same numbers."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import openpyxl
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from ledger.store import accounts, awards, hierarchy
from tests.browser.test_pages_in_a_browser import _log_in
from tests.support import (
    add_goods,
    add_household,
    add_rule,
    community_today,
    new_village,
    password_hash,
    redeem,
)

pytestmark = pytest.mark.anyio

# How many pixels of each chart's canvas are painted (not fully transparent).
_PAINTED = """
return Array.from(document.querySelectorAll('[data-chart]')).map(function (box) {
  var canvas = box.querySelector('canvas');
  if (!canvas) { return [box.getAttribute('data-chart'), 0]; }
  var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  var painted = 0;
  for (var i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) { painted++; } }
  return [box.getAttribute('data-chart'), painted];
});"""


async def _township_with_activity(pool, owner) -> tuple[uuid.UUID, str]:
    county = await hierarchy.county_id(owner, f"县{uuid.uuid4().hex[:6]}", create=True)
    township = await hierarchy.township_id(owner, county, f"青山镇{uuid.uuid4().hex[:4]}", create=True)
    for name, takers in (("东村", 1), ("西村", 3)):
        village = await new_village(pool, township_id=township, name=f"{name}{uuid.uuid4().hex[:4]}")
        rule = await add_rule(pool, village, "R01", 10)
        soap = await add_goods(pool, village, "G01", 3, 20)
        for number in range(4):
            household = await add_household(pool, village, f"00{number + 1}")
            if number < takers:
                await awards.award(
                    pool, village.community_id, None, household, rule, None, None, None, None, None
                )
                await redeem(pool, village.community_id, household, [(soap, 1)])
    username = f"town{uuid.uuid4().hex[:8]}"
    user_id = await accounts.create_user(pool, uuid.uuid4(), username, "乡镇干部", password_hash())
    await accounts.grant_oversight(owner, user_id, township, None)
    return township, username


async def test_the_township_official_opens_the_charts_and_downloads_the_table(
    browser, inspector, server, pool, owner, tmp_path: Path
):
    township, username = await _township_with_activity(pool, owner)
    _log_in(browser, server, username)
    browser.get(server.base_url + "/staff/overview")
    inspector.look("township official overview with its chart link")
    browser.find_element(By.CSS_SELECTOR, f'a[href="/staff/activity/township/{township}"]').click()
    WebDriverWait(browser, 10).until(lambda page: page.find_elements(By.CSS_SELECTOR, "[data-chart] canvas"))

    painted = dict(browser.execute_script(_PAINTED))
    assert set(painted) == {"participation", "points", "fund", "stock", "ranking"}
    assert all(count > 500 for count in painted.values()), painted
    inspector.look("township official charts")

    # This month alone (the months form, as its GET sends it): the ranking's table beside its chart.
    month = f"{community_today():%Y-%m}"
    browser.get(f"{browser.current_url}?from={month}&to={month}")
    ranking = browser.find_element(By.ID, "ranking-title").find_element(By.XPATH, "..")
    rows = [row.text.split() for row in ranking.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert [(rank, name[:2], rate) for rank, name, rate in rows] == [
        ("1", "西村", "75.0%"),
        ("2", "东村", "25.0%"),
    ]
    assert all(count > 500 for count in dict(browser.execute_script(_PAINTED)).values())
    inspector.look("township official charts of one month")

    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    browser.find_element(By.CSS_SELECTOR, "a[download]").click()
    WebDriverWait(browser, 20).until(lambda _: list(tmp_path.glob("activity-*.xlsx")))
    sheet = next(tmp_path.glob("activity-*.xlsx"))
    table = list(openpyxl.load_workbook(io.BytesIO(sheet.read_bytes())).active.iter_rows(values_only=True))
    this_month = [row for row in table if row and row[3] == month]
    assert [(row[0], row[1][:2], row[5], row[6], row[7], row[9]) for row in this_month] == [
        (1, "西村", 3, 75, 30, 9),
        (2, "东村", 1, 25, 10, 3),
    ]
    inspector.assert_clean()
