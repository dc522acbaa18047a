"""Every page, for every role, and the states its forms lead to, in real headless Chromium
at 360 × 740 and 1280 × 800: no page wider than the window, axe-core finds nothing
critical or serious, and a screenshot of each (tests/browser/inspection.py).

The states are reached as people reach them — clicks and typing, forms posted and the
browser sent on to the result (post → redirect → get), refusals included — in a village
with a few weeks behind it (tests/browser/village.py). Each journey also checks that its
forms did what they say, so a page that merely stopped working cannot pass for a clean one."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from ledger.domain.roles import COMMUNITY_ROLES
from ledger.store import accounts, hierarchy, queries
from ledger.store.queries import publicity as publicity_reads
from ledger.web.workbench import PAGES
from tests.browser.village import Village, seed, sign_in
from tests.support import PASSWORD, new_village
from tests.tampering import tamper

pytestmark = pytest.mark.anyio


def _open(browser, server, path: str) -> None:
    browser.get(server.base_url + path)


def _form(browser, action: str) -> WebElement:
    """The page's form that carries that action (its hidden `action` field)."""
    return browser.find_element(By.XPATH, f"//form[.//input[@name='action' and @value='{action}']]")


def _fill(container: WebElement, name: str, text: str) -> None:
    field = container.find_element(By.NAME, name)
    field.clear()
    field.send_keys(text)


def _submit(browser, button: WebElement) -> None:
    """Press a form's button and wait for the page the browser is sent to."""
    before = browser.current_url
    button.click()
    WebDriverWait(browser, 10).until(
        lambda page: (
            page.current_url != before and page.execute_script("return document.readyState") == "complete"
        )
    )


def _press(browser, form: WebElement, label: str | None = None) -> None:
    buttons = form.find_elements(By.CSS_SELECTOR, "button[type=submit], button:not([type])")
    chosen = [b for b in buttons if label is None or b.text.strip() == label]
    assert chosen, f"no button {label!r} in the form"
    _submit(browser, chosen[0])


def _said(browser) -> tuple[str, str]:
    """What the page says a form did: ("done" or "error", the sentence)."""
    shown = browser.find_elements(By.CSS_SELECTOR, "p.done, p.error")
    assert shown, f"the page says nothing about the form: {browser.current_url}"
    return shown[0].get_attribute("class").split()[0], shown[0].text


def _done(browser) -> str:
    outcome, sentence = _said(browser)
    assert outcome == "done", browser.find_element(By.TAG_NAME, "body").text[:1500]
    return sentence


def _refused(browser) -> str:
    outcome, sentence = _said(browser)
    assert outcome == "error", browser.find_element(By.TAG_NAME, "body").text[:1500]
    return sentence


def _sheet(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8-sig")
    return str(path)


async def _events(pool, village: Village) -> int:
    return (await queries.community(pool, village.community_id))["head_seq"]


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_every_page_each_role_opens(browser, inspector, server, pool, client, staffed, language):
    """English words run longer than Chinese ones: both must fit a phone."""
    village = await seed(pool, client, staffed)
    community = village.community_id
    suffix = "" if language == "zh" else " in english"
    for role in COMMUNITY_ROLES:
        await sign_in(browser, server, pool, village.user(role))
        _open(browser, server, "/staff")
        if language == "en":
            browser.find_element(By.LINK_TEXT, "English").click()
            WebDriverWait(browser, 10).until(lambda page: "Log out" in page.page_source)
        inspector.look(f"{role} staff home{suffix}")
        for page, (_, roles) in PAGES.items():
            if role in roles:
                _open(browser, server, f"/staff/{community}/{page}")
                inspector.look(f"{role} {page}{suffix}")
    # A page one's roles do not open says so, in the same frame.
    assert "admin" not in PAGES["rules"][1]
    _open(browser, server, f"/staff/{community}/rules")
    _refused(browser)
    inspector.look(f"admin page not for this role{suffix}")
    inspector.assert_clean()


async def test_residents_card_and_board(browser, inspector, server, pool, client, staffed):
    village = await seed(pool, client, staffed)
    _open(browser, server, f"/c/{village.card_tokens['003']}")
    assert "孙*华" in browser.page_source
    inspector.look("resident card")
    browser.find_element(By.LINK_TEXT, "English").click()
    WebDriverWait(browser, 10).until(lambda page: "Spendable" in page.page_source)
    inspector.look("resident card in english")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Public board").click()
    WebDriverWait(browser, 10).until(lambda page: "In publicity" in page.page_source)
    inspector.look("resident board in english")
    browser.find_element(By.LINK_TEXT, "中文").click()
    WebDriverWait(browser, 10).until(lambda page: "公示中" in page.page_source)
    inspector.look("resident board")

    browser.find_element(By.TAG_NAME, "summary").click()
    inspector.look("resident board objection form")
    objections = len(await publicity_reads.open_objections(pool, village.community_id))
    # Two spaces pass the browser's "at least two characters"; the server sees no reason.
    browser.find_element(By.NAME, "reason").send_keys("  ")
    _press(browser, browser.find_element(By.CSS_SELECTOR, "details form"))
    _refused(browser)
    inspector.look("resident board objection refused")
    browser.find_element(By.TAG_NAME, "summary").click()
    browser.find_element(By.NAME, "reason").send_keys("那天他在外地打工")
    # The refusal's page already has a notice in its address: wait for the next page itself.
    _press(browser, browser.find_element(By.CSS_SELECTOR, "details form"))
    _done(browser)
    inspector.look("resident board objection sent")
    assert len(await publicity_reads.open_objections(pool, village.community_id)) == objections + 1
    browser.find_element(By.PARTIAL_LINK_TEXT, "大屏模式").click()
    WebDriverWait(browser, 10).until(lambda page: "公示大屏" in page.page_source)
    inspector.look("village screen")

    _open(browser, server, "/c/" + "x" * 32)
    inspector.look("resident card not found")
    inspector.assert_clean()


async def test_logging_in_the_password_and_the_overview(
    browser, inspector, server, pool, owner, client, staffed
):
    village = await seed(pool, client, staffed)
    _open(browser, server, "/login")
    inspector.look("login")
    browser.find_element(By.ID, "username").send_keys(staffed.village.usernames["committee"])
    browser.find_element(By.ID, "password").send_keys("not-the-password", Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda page: "notice=" in page.current_url)
    _refused(browser)
    inspector.look("login refused")
    browser.find_element(By.ID, "username").send_keys(staffed.village.usernames["committee"])
    browser.find_element(By.ID, "password").send_keys(PASSWORD, Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda page: page.current_url.endswith("/staff"))

    browser.find_element(By.PARTIAL_LINK_TEXT, "概览").click()
    inspector.look("committee overview")
    _open(browser, server, "/staff/password")
    inspector.look("password")
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    _fill(form, "current_password", "not-the-password")
    _fill(form, "new_password", "a-new-long-password")
    _fill(form, "repeated_password", "a-new-long-password")
    _press(browser, form)
    _refused(browser)
    inspector.look("password refused")
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    _fill(form, "current_password", PASSWORD)
    _fill(form, "new_password", "a-new-long-password")
    _fill(form, "repeated_password", "a-new-long-password")
    _press(browser, form)
    assert "/login" in browser.current_url
    _done(browser)
    inspector.look("password changed")

    # A township official: every village of the township, reading only.
    county = await hierarchy.county_id(owner, f"县{uuid.uuid4().hex[:8]}", create=True)
    township = await hierarchy.township_id(owner, county, f"镇{uuid.uuid4().hex[:8]}", create=True)
    await new_village(pool, township_id=township)
    official = uuid.uuid4()
    await accounts.create_user(pool, official, f"t{official.hex[:12]}", "乡镇干部", "x")
    await accounts.grant_oversight(owner, official, township, None)
    await sign_in(browser, server, pool, official)
    _open(browser, server, "/staff")
    inspector.look("township official staff home")
    _open(browser, server, "/staff/overview")
    inspector.look("township official overview")
    assert village.community_id  # the committee's village was in its own overview above
    inspector.assert_clean()


async def test_the_counter(browser, inspector, server, pool, client, staffed):
    village = await seed(pool, client, staffed)
    community = village.community_id
    await sign_in(browser, server, pool, village.user("counter"))
    _open(browser, server, f"/staff/{community}/counter")
    browser.switch_to.active_element.send_keys("ZZZZ-ZZZZ", Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda page: "notice=" in page.current_url)
    _refused(browser)
    inspector.look("counter card not found")

    browser.switch_to.active_element.send_keys(
        f"{server.base_url}/c/{village.card_tokens['001']}", Keys.ENTER
    )
    WebDriverWait(browser, 10).until(lambda page: "赵春梅" in page.page_source)
    inspector.look("counter cart")
    spendable = (await queries.household(pool, community, village.households["001"]))["spendable"]
    cooker = browser.find_element(By.NAME, f"quantity_{village.goods['G19']}")
    cooker.clear()
    cooker.send_keys("1")  # 210 points: more than the household has
    inspector.look("counter cart over the balance")
    _press(browser, browser.find_element(By.CSS_SELECTOR, "form[data-cart]"))
    _refused(browser)
    inspector.look("counter cart refused")
    assert browser.find_element(By.NAME, f"quantity_{village.goods['G19']}").get_attribute("value") == "1"
    browser.find_element(By.NAME, f"quantity_{village.goods['G19']}").clear()
    soap = browser.find_element(By.NAME, f"quantity_{village.goods['G01']}")
    soap.clear()
    soap.send_keys("2")
    _press(browser, browser.find_element(By.CSS_SELECTOR, "form[data-cart]"))
    assert "/receipts/" in browser.current_url, browser.find_element(By.TAG_NAME, "body").text[:1500]
    inspector.look("counter receipt")
    after = (await queries.household(pool, community, village.households["001"]))["spendable"]
    assert after == spendable - 10

    browser.find_element(By.CSS_SELECTOR, "a.quiet").click()  # back to the counter
    WebDriverWait(browser, 10).until(lambda page: page.current_url.endswith("/counter"))
    browser.find_element(By.CSS_SELECTOR, ".redemption details summary").click()
    inspector.look("counter sale cancel form")
    sale = browser.find_element(By.CSS_SELECTOR, ".redemption details[open] form")
    _fill(sale, "reason", "刷错了卡")
    _press(browser, sale)
    _done(browser)
    inspector.look("counter sale cancelled")
    browser.find_element(By.CSS_SELECTOR, "p.redemption a").click()
    WebDriverWait(browser, 10).until(lambda page: "/receipts/" in page.current_url)
    inspector.look("counter receipt cancelled")

    _open(browser, server, f"/staff/{community}/goods")
    form = _form(browser, "receive")
    Select(form.find_element(By.NAME, "source")).select_by_value("transfer")
    _fill(form, "quantity", "12")
    _press(browser, form)
    _done(browser)
    inspector.look("counter goods received")
    form = _form(browser, "write_off")
    _fill(form, "quantity", "9999")
    _fill(form, "reason", "受潮")
    _press(browser, form)
    _refused(browser)
    inspector.look("counter goods write-off refused")

    _open(browser, server, f"/staff/{community}/links")
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    _fill(form, "number", "008")
    Select(form.find_element(By.NAME, "kind")).select_by_value("related")
    _press(browser, form)
    _done(browser)
    inspector.look("counter links declared")
    inspector.assert_clean()


async def test_proposing_and_the_committee_pages(browser, inspector, server, pool, client, staffed, tmp_path):
    village = await seed(pool, client, staffed)
    community = village.community_id
    await sign_in(browser, server, pool, village.user("scorer"))
    _open(browser, server, f"/staff/{community}/propose")
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    _press(browser, form)  # nobody chosen
    _refused(browser)
    inspector.look("scorer propose refused")
    for label in browser.find_elements(By.CSS_SELECTOR, ".households label"):
        if label.text.startswith(("001", "002")):
            label.click()
    _fill(browser.find_element(By.CSS_SELECTOR, "main form"), "note", "帮助邻居收稻谷")
    _press(browser, browser.find_element(By.CSS_SELECTOR, "main form"))
    assert "2" in _done(browser)
    inspector.look("scorer proposed")

    await sign_in(browser, server, pool, village.user("committee"))
    _open(browser, server, f"/staff/{community}/review")
    before = await _events(pool, village)
    _press(browser, browser.find_element(By.CSS_SELECTOR, "main .box form"), "通过")
    _done(browser)
    assert await _events(pool, village) > before
    inspector.look("committee review approved")

    _open(browser, server, f"/staff/{community}/rules")
    form = _form(browser, "define")
    _fill(form, "code", "R30")
    _fill(form, "name", "参加义务献血")
    _fill(form, "points", "10")
    _press(browser, form)
    _done(browser)
    inspector.look("committee rule defined")
    rules = _sheet(tmp_path, "rules.csv", "编码,名称,积分\nR31,清理河道,8\nR32,,abc\n")
    _form(browser, "import").find_element(By.NAME, "file").send_keys(rules)
    _press(browser, _form(browser, "import"))
    _refused(browser)
    inspector.look("committee rules import problems")

    _open(browser, server, f"/staff/{community}/policy")
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    _fill(form, "publicity_days", "五天")
    _press(browser, form)
    _refused(browser)
    inspector.look("committee policy refused")
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    _fill(form, "publicity_days", "5")
    _press(browser, form)
    _done(browser)
    inspector.look("committee policy saved")

    _open(browser, server, f"/staff/{community}/fund")
    form = _form(browser, "contribute")
    Select(form.find_element(By.NAME, "source")).select_by_value("household")
    _fill(form, "number", "002")
    _fill(form, "amount", "100")
    _press(browser, form)
    _done(browser)
    inspector.look("committee fund gift")
    form = _form(browser, "spend")
    _fill(form, "purpose", "采购大米")
    _fill(form, "payee", "镇供销社")
    _fill(form, "amount", "99999")
    _press(browser, form)
    _refused(browser)
    inspector.look("committee fund spending refused")

    _open(browser, server, f"/staff/{community}/households")
    form = _form(browser, "register")
    _fill(form, "number", "013")
    _fill(form, "head_name", "蒋小芳")
    _press(browser, form)
    _done(browser)
    inspector.look("committee household registered")
    roster = _sheet(
        tmp_path,
        "roster.csv",
        "户号,户主,姓名,与户主关系\n1,赵春梅,赵春梅,户主\n14,沈玉兰,沈玉兰,户主\n14,沈玉兰,刘小军,子女\n",
    )
    _form(browser, "import").find_element(By.NAME, "file").send_keys(roster)
    _press(browser, _form(browser, "import"))
    _done(browser)  # checked only: the box is ticked by default
    inspector.look("committee roster checked")

    _open(browser, server, f"/staff/{community}/honours")
    form = _form(browser, "honour")
    _fill(form, "number", "004")
    _press(browser, form)
    _done(browser)
    inspector.look("committee honour granted")
    _press(browser, _form(browser, "settle"))
    _done(browser)
    inspector.look("committee year end settled")
    form = _form(browser, "settle")
    _fill(form, "year", "1999")  # four digits, as the field asks, but before any ledger
    _press(browser, form)
    _refused(browser)
    inspector.look("committee year end refused")

    _open(browser, server, f"/staff/{community}/carry-over")
    passbooks = _sheet(tmp_path, "passbooks.csv", "户号,可用积分,荣誉积分,页码\n013,20,20,5\n099,5,5,5\n")
    _form(browser, "import").find_element(By.NAME, "file").send_keys(passbooks)
    _press(browser, _form(browser, "import"))
    _refused(browser)
    inspector.look("committee carry-over sheet problems")
    passbooks = _sheet(tmp_path, "passbooks.csv", "户号,可用积分,荣誉积分,页码\n013,20,20,5\n")
    _form(browser, "import").find_element(By.NAME, "file").send_keys(passbooks)
    _press(browser, _form(browser, "import"))
    _done(browser)
    inspector.look("committee carry-over sheet checked")
    form = _form(browser, "fund")
    _fill(form, "amount", "3260.50")
    _fill(form, "reference", "2024年村账本第12页")
    _press(browser, form)
    _done(browser)
    inspector.look("committee carry-over fund proposed")

    _open(browser, server, f"/staff/{community}/goods")
    form = _form(browser, "list")
    _fill(form, "code", "G30")
    _fill(form, "name", "菜籽油 5L")
    _fill(form, "points", "60")
    _press(browser, form)
    _done(browser)
    inspector.look("committee goods listed")
    catalog = _sheet(tmp_path, "goods.csv", "编码,名称,积分,库存\nG31,面粉,20,10\nG32,大米,很多,5\n")
    _form(browser, "import").find_element(By.NAME, "file").send_keys(catalog)
    _press(browser, _form(browser, "import"))
    _refused(browser)
    inspector.look("committee goods import problems")
    inspector.assert_clean()


async def test_the_supervision_committee(browser, inspector, server, pool, owner, client, staffed):
    village = await seed(pool, client, staffed)
    community = village.community_id
    await sign_in(browser, server, pool, village.user("supervisor"))

    _open(browser, server, f"/staff/{community}/objections")
    form = browser.find_element(By.CSS_SELECTOR, "main .box form")
    _fill(form, "reason", "经核实，救人的确是本户")
    _press(browser, form, "驳回异议")
    _done(browser)
    inspector.look("supervisor objection dismissed")

    _open(browser, server, f"/staff/{community}/events")
    browser.find_element(By.CSS_SELECTOR, "details.box summary").click()
    Select(browser.find_element(By.ID, "kind")).select_by_visible_text(
        browser.find_element(By.CSS_SELECTOR, "#kind option[value='redemption-made']").text
    )
    _press(browser, browser.find_element(By.CSS_SELECTOR, "details.box form"))
    inspector.look("supervisor events filtered")
    sale = village.sales[0]
    entry = browser.find_element(By.ID, f"entry-{sale}")
    entry.find_element(By.XPATH, ".//details[.//form]/summary").click()
    inspector.look("supervisor events reverse form")
    form = entry.find_element(By.TAG_NAME, "form")
    _fill(form, "reason", "  ")  # two characters for the browser, no reason for the server
    _press(browser, form)
    _refused(browser)
    inspector.look("supervisor events reversal refused")
    entry = browser.find_element(By.ID, f"entry-{sale}")
    entry.find_element(By.XPATH, ".//details[.//form]/summary").click()
    form = entry.find_element(By.TAG_NAME, "form")
    _fill(form, "reason", "重复录入，已与户主核对")
    _press(browser, form)
    _done(browser)
    assert browser.find_element(By.ID, f"entry-{sale}").find_elements(By.CSS_SELECTOR, "p.error a")
    inspector.look("supervisor events reversed")
    _open(browser, server, f"/staff/{community}/events?before=10")
    inspector.look("supervisor events older page")
    _open(browser, server, f"/staff/{community}/events?household=777")
    inspector.look("supervisor events unknown household")

    _open(browser, server, f"/staff/{community}/integrity")
    head = await queries.community(pool, community)
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    _fill(form, "seq", str(head["head_seq"]))
    _fill(form, "hash", head["head_hash"].hex())
    _press(browser, form)
    inspector.look("supervisor integrity print-out the same")
    form = browser.find_element(By.CSS_SELECTOR, "main form")
    _fill(form, "seq", "3")
    _fill(form, "hash", "not a fingerprint")
    _press(browser, form)
    _refused(browser)
    inspector.look("supervisor integrity print-out refused")
    browser.find_element(By.PARTIAL_LINK_TEXT, "打印记录链凭证").click()
    WebDriverWait(browser, 10).until(lambda page: "/certificate" in page.current_url)
    inspector.look("supervisor certificate")

    _open(browser, server, f"/staff/{community}/carry-over")
    _press(browser, browser.find_element(By.CSS_SELECTOR, "form:has(input[value=decide])"), "通过")
    _done(browser)
    inspector.look("supervisor carry-over approved")

    # Someone with the database owner's rights edits an old entry behind the trigger's back.
    await tamper(
        owner,
        "UPDATE events SET spendable_delta = spendable_delta + 100 WHERE community_id = $1 AND seq = 20",
        community,
    )
    _open(browser, server, f"/staff/{community}/integrity")
    assert "20" in _refused(browser)
    inspector.look("supervisor integrity red")
    _open(browser, server, f"/staff/{community}/integrity/certificate")
    inspector.look("supervisor certificate red")
    inspector.assert_clean()


async def test_the_admin(browser, inspector, server, pool, client, staffed):
    village = await seed(pool, client, staffed)
    community = village.community_id
    await sign_in(browser, server, pool, village.user("admin"))
    _open(browser, server, f"/staff/{community}/staff")
    form = _form(browser, "create")
    _fill(form, "username", f"wang{uuid.uuid4().hex[:8]}")
    _fill(form, "display_name", "王网格")
    _fill(form, "password", "a-first-password")
    form.find_element(By.CSS_SELECTOR, "input[name=roles][value=scorer]").click()
    _press(browser, form)
    _done(browser)
    inspector.look("admin staff created")
    own = browser.find_element(
        By.XPATH, f"//div[contains(@class,'box')][.//b[text()='{staffed.village.usernames['admin']}']]//form"
    )
    Select(own.find_element(By.NAME, "role")).select_by_value("admin")
    _press(browser, own, "撤销")
    _refused(browser)
    inspector.look("admin staff refused")
    inspector.assert_clean()
