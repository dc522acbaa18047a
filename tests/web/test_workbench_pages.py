"""The points workbench in a browser: a scorer proposes from a phone page (ticked, typed or
every household, with one photo for the batch), the committee approves a batch on the
review page, the supervision committee rules on an objection — each through the same
rules as the API, each form guarded by the session's CSRF token."""

from __future__ import annotations

import uuid

import pytest

from ledger.services import cards
from ledger.store import accounts, hierarchy, queries
from tests.api.steps import award_in_publicity
from tests.api.web import hidden_csrf, log_in, session_cookie, submit
from tests.support import (
    PASSWORD,
    add_goods,
    add_household,
    add_rule,
    community_today,
    give_points,
    new_village,
    password_hash,
    photo,
    redeem,
)

pytestmark = pytest.mark.anyio


async def _open(client, staffed, role: str, page: str) -> tuple[dict[str, str], str, object]:
    """Log in as the role and open the page: the session header, the form's CSRF token, the page."""
    cookie = session_cookie(await log_in(client, staffed.village.usernames[role], PASSWORD))
    answer = await client.get(f"/staff/{staffed.village.community_id}/{page}", headers=cookie)
    return cookie, hidden_csrf(answer.text) if 'name="csrf_token"' in answer.text else "", answer


async def test_a_scorer_proposes_a_batch_with_one_photo_from_the_phone_page(pool, client, staffed):
    community = staffed.village.community_id
    ticked = [await add_household(pool, staffed.village, number, "赵春梅") for number in ("1-001", "1-002")]
    await add_household(pool, staffed.village, "2-015", "钱卫东")
    rule = await add_rule(pool, staffed.village, "R02", 5)
    cookie, csrf, page = await _open(client, staffed, "scorer", "propose")
    assert page.status_code == 200
    assert "1-001 赵春梅" in page.text and "R02" in page.text
    answer = await submit(
        client,
        f"/staff/{community}/propose",
        data={
            "csrf_token": csrf,
            "rule_id": str(rule),
            "household_id": [str(h) for h in ticked],
            "numbers": "2-015，1-001",  # typed as well; a household ticked and typed counts once
            "note": "11月20日环境整治",
        },
        files={"photo": ("clean-up.jpg", photo(), "image/jpeg")},
        headers=cookie,
    )
    assert answer.status_code == 200, answer.text
    assert "已提交 3 户" in answer.text
    waiting = (await client.get(f"{staffed.api}/proposals", headers=staffed.auth("committee"))).json()
    assert sorted(p["number"] for p in waiting) == ["1-001", "1-002", "2-015"]
    assert all(p["has_evidence"] and p["note"] == "11月20日环境整治" for p in waiting)
    assert len({p["batch_id"] for p in waiting}) == 1
    events = (
        await client.get(f"{staffed.api}/events?after=0&limit=100", headers=staffed.auth("committee"))
    ).json()
    assert [e["kind"] for e in events["events"]].count(
        "evidence.added"
    ) == 3  # the photo's hash, chained each time


async def test_a_form_with_an_unknown_number_or_no_csrf_token_changes_nothing(pool, client, staffed):
    community = staffed.village.community_id
    await add_household(pool, staffed.village, "1-001")
    rule = await add_rule(pool, staffed.village, "R02", 5)
    cookie, csrf, _ = await _open(client, staffed, "scorer", "propose")
    head = (await queries.community(pool, community))["head_seq"]
    unknown = await submit(
        client,
        f"/staff/{community}/propose",
        data={"csrf_token": csrf, "rule_id": str(rule), "numbers": "1-001 9-999"},
        headers=cookie,
    )
    forged = await submit(
        client, f"/staff/{community}/propose", data={"rule_id": str(rule), "numbers": "1-001"}, headers=cookie
    )
    nobody = await submit(
        client, f"/staff/{community}/propose", data={"csrf_token": csrf, "rule_id": str(rule)}, headers=cookie
    )
    assert (unknown.status_code, forged.status_code, nobody.status_code) == (404, 403, 400)
    assert "没有户号为 9-999 的户，整批都没有提交" in unknown.text
    assert (await queries.community(pool, community))["head_seq"] == head


async def test_the_committee_approves_a_batch_on_the_review_page_but_never_its_own(pool, client, staffed):
    community = staffed.village.community_id
    households = [await add_household(pool, staffed.village, f"1-00{n}") for n in (1, 2)]
    rule = await add_rule(pool, staffed.village, "R02", 5)
    for proposer in ("scorer", "committee"):
        await client.post(
            f"{staffed.api}/proposals",
            json={"rule_id": str(rule), "household_ids": [str(h) for h in households], "note": proposer},
            headers=staffed.auth(proposer),
        )
    cookie, csrf, page = await _open(client, staffed, "committee", "review")
    batches = {
        p["note"]: p["batch_id"]
        for p in (await client.get(f"{staffed.api}/proposals", headers=staffed.auth("committee"))).json()
    }
    assert page.text.count('name="batch_id"') == 2

    async def decide(batch: str, households_shown: int = 2) -> object:
        return await submit(
            client,
            f"/staff/{community}/review",
            data={
                "csrf_token": csrf,
                "batch_id": batch,
                "households": str(households_shown),
                "decision": "approve",
                "reason": "已核对签到表",
            },
            headers=cookie,
        )

    stale = await decide(batches["scorer"], households_shown=3)  # the page showed another batch size
    assert stale.status_code == 400 and "这一批已有变化" in stale.text
    own = await decide(batches["committee"])
    assert own.status_code == 403 and "自己的申报不能自己审批" in own.text and "own_proposal" not in own.text
    approved = await decide(batches["scorer"])
    assert approved.status_code == 200 and "已通过 2 户" in approved.text
    assert approved.text.count('name="batch_id"') == 1  # the committee's own batch still waits
    for household in households:
        assert (await queries.household(pool, community, household))["spendable"] == 5


async def test_the_supervision_committee_upholds_an_objection_on_its_page(pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "1-001")
    award_seq = await award_in_publicity(client, staffed, household)
    await client.post(
        f"/api/v1/boards/{community}/objections",
        json={"award_seq": award_seq, "reason": "当天不在村里"},
        headers={"X-Forwarded-For": "10.81.0.1"},
    )
    cookie, csrf, page = await _open(client, staffed, "supervisor", "objections")
    assert "当天不在村里" in page.text
    objection = (await client.get(f"{staffed.api}/objections", headers=staffed.auth("supervisor"))).json()[0]
    ruled = await submit(
        client,
        f"/staff/{community}/objections",
        data={
            "csrf_token": csrf,
            "objection_id": objection["objection_id"],
            "decision": "uphold",
            "reason": "经核实不属实",
        },
        headers=cookie,
    )
    assert ruled.status_code == 200 and "异议成立，该项加分不予确认" in ruled.text
    assert (await queries.household(pool, community, household))["pending"] == 0


async def test_each_page_opens_for_its_roles_only(client, staffed):
    for role, page, status in (
        ("counter", "propose", 403),
        ("counter", "counter", 200),
        ("scorer", "households", 403),
        ("admin", "households", 200),
        ("counter", "goods", 200),
        ("scorer", "goods", 403),
        ("counter", "policy", 403),
        ("supervisor", "fund", 403),
        ("committee", "staff", 403),
        ("committee", "counter", 403),
        ("scorer", "review", 403),
        ("committee", "objections", 403),
        ("supervisor", "review", 200),
        ("committee", "propose", 200),
    ):
        _, _, answer = await _open(client, staffed, role, page)
        assert answer.status_code == status, (role, page)
    client.cookies.clear()  # the log-ins above left their sessions in the client's jar
    anonymous = await client.get(f"/staff/{staffed.village.community_id}/propose")
    assert (anonymous.status_code, anonymous.headers["location"]) == (303, "/login")
    cookie = session_cookie(await log_in(client, staffed.village.usernames["scorer"], PASSWORD))
    home = await client.get("/staff", headers=cookie)
    assert f"/staff/{staffed.village.community_id}/propose" in home.text
    assert "/review" not in home.text


async def test_the_supervision_page_shows_the_flags_and_sends_reversals_to_the_event_log(
    pool, client, staffed
):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "1-001")
    rule = await add_rule(pool, staffed.village, "R02", 5)
    committee = staffed.auth("committee")
    awards = [
        (
            await client.post(
                f"{staffed.api}/awards",
                json={"household_id": str(household), "rule_id": str(rule)},
                headers=committee,
            )
        ).json()["event_seq"]
        for _ in range(5)
    ]
    cookie, csrf, page = await _open(client, staffed, "supervisor", "supervision")
    # five of five awards by one committee member went to one household: concentrated
    assert "加分集中于少数户" in page.text
    assert f"<td>{staffed.village.usernames['committee']}</td><td>1-001</td><td>5</td>" in page.text
    # Nobody types an entry's number: the page sends the supervisor to the log's buttons.
    assert 'name="event_seq"' not in page.text
    assert f'href="/staff/{community}/events"' in page.text
    log = await client.get(f"/staff/{community}/events", headers=cookie)
    form = {
        "csrf_token": hidden_csrf(log.text),
        "event_seq": str(awards[0]),
        "reason": "重复录入",
        "back": "",
    }
    reversed_ = await submit(client, f"/staff/{community}/events", data=form, headers=cookie)
    twice = await submit(client, f"/staff/{community}/events", data=form, headers=cookie)
    assert reversed_.status_code == 200 and "已冲正" in reversed_.text
    assert twice.status_code == 409 and "这条记录已经冲正过了" in twice.text
    assert (await queries.household(pool, community, household))["spendable"] == 20
    # The committee reads the log but does not reverse: no button, and a forged form is refused.
    committee_cookie, _, committee_log = await _open(client, staffed, "committee", "events")
    assert 'name="event_seq"' not in committee_log.text
    rules_page = await client.get(
        f"/staff/{community}/rules", headers=committee_cookie
    )  # its session's token
    forged = await submit(
        client,
        f"/staff/{community}/events",
        data={**form, "csrf_token": hidden_csrf(rules_page.text), "event_seq": str(awards[1])},
        headers=committee_cookie,
    )
    assert forged.status_code == 403
    assert (await queries.household(pool, community, household))["spendable"] == 20


async def test_the_committee_grants_an_honour_and_settles_the_year_on_its_page(pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "3-017", "李秀英")
    this_year = community_today().year
    cookie, csrf, page = await _open(client, staffed, "committee", "honours")
    assert "本村政策：结转" in page.text  # the policy, shown before settling
    granted = await submit(
        client,
        f"/staff/{community}/honours",
        data={
            "csrf_token": csrf,
            "action": "honour",
            "number": "3-017",
            "title": "文明家庭",
            "year": str(this_year),
        },
        headers=cookie,
    )
    assert granted.status_code == 200 and "已授予 3-017" in granted.text
    assert (await queries.household(pool, community, household))[
        "pending"
    ] > 0  # the bonus waits in publicity
    settle = {"csrf_token": csrf, "action": "settle", "year": str(this_year - 1)}
    first = await submit(client, f"/staff/{community}/honours", data=settle, headers=cookie)
    again = await submit(client, f"/staff/{community}/honours", data=settle, headers=cookie)
    future = await submit(
        client, f"/staff/{community}/honours", data={**settle, "year": "2099"}, headers=cookie
    )
    assert first.status_code == 200 and f"{this_year - 1} 年结算完成" in first.text
    assert again.status_code == 200 and "已结算过" in again.text
    assert future.status_code == 400
    supervisor_cookie, supervisor_csrf, _ = await _open(client, staffed, "supervisor", "honours")
    by_supervisor = await submit(
        client,
        f"/staff/{community}/honours",
        data={"csrf_token": supervisor_csrf, "action": "settle", "year": str(this_year - 2)},
        headers=supervisor_cookie,
    )
    assert by_supervisor.status_code == 403 and "年底结算由村两委办理" in by_supervisor.text


async def test_the_committee_keeps_the_rule_catalog_on_its_page(pool, client, staffed):
    community = staffed.village.community_id
    cookie, csrf, page = await _open(client, staffed, "committee", "rules")
    assert "尚无细则" in page.text
    defined = await submit(
        client,
        f"/staff/{community}/rules",
        data={"csrf_token": csrf, "action": "define", "code": "R16", "name": "参加义务献血", "points": "10"},
        headers=cookie,
    )
    assert defined.status_code == 200 and "已新增 R16" in defined.text
    rule_id = [r for r in await queries.rules(pool, community) if r["code"] == "R16"][0]["rule_id"]
    changed = await submit(
        client,
        f"/staff/{community}/rules",
        data={"csrf_token": csrf, "action": "change", "rule_id": str(rule_id), "points": "12"},
        headers=cookie,
    )
    assert changed.status_code == 200 and "已改分" in changed.text
    bad_sheet = "code,name_zh,points,list\nR20,清扫,abc,red\nR21,乱扔垃圾,5,black\n"
    refused = await submit(
        client,
        f"/staff/{community}/rules",
        data={"csrf_token": csrf, "action": "import"},
        files={"file": ("rules.csv", bad_sheet.encode(), "text/csv")},
        headers=cookie,
    )
    assert refused.status_code == 400 and "<td>2</td><td>" in refused.text  # the row is named
    good_sheet = "code,name_zh,points,list\nR20,清扫,5,red\nR21,乱扔垃圾,5,black\n"
    checked = await submit(
        client,
        f"/staff/{community}/rules",
        data={"csrf_token": csrf, "action": "import", "dry_run": "1"},
        files={"file": ("rules.csv", good_sheet.encode(), "text/csv")},
        headers=cookie,
    )
    imported = await submit(
        client,
        f"/staff/{community}/rules",
        data={"csrf_token": csrf, "action": "import"},
        files={"file": ("rules.csv", good_sheet.encode(), "text/csv")},
        headers=cookie,
    )
    assert "检查通过：2 行" in checked.text and "新增 2" in imported.text
    points = {r["code"]: (r["points"], r["status"]) for r in await queries.rules(pool, community)}
    assert points == {"R16": (12, "active"), "R20": (5, "active"), "R21": (-5, "active")}
    retired = await submit(
        client,
        f"/staff/{community}/rules",
        data={"csrf_token": csrf, "action": "retire", "rule_id": str(rule_id)},
        headers=cookie,
    )
    assert "已停用" in retired.text
    workbook = await client.get(f"/staff/{community}/rules/catalog.xlsx", headers=cookie)
    assert workbook.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert workbook.content[:2] == b"PK"


async def test_every_household_leaves_out_those_linked_to_the_proposer(pool, client, staffed):
    community = staffed.village.community_id
    own = await add_household(pool, staffed.village, "1-001")
    await add_household(pool, staffed.village, "1-002")
    await add_household(pool, staffed.village, "1-003")
    rule = await add_rule(pool, staffed.village, "R02", 5)
    await client.post(
        f"{staffed.api}/my-households",
        json={"household_id": str(own), "kind": "own"},
        headers=staffed.auth("scorer"),
    )
    cookie, csrf, _ = await _open(client, staffed, "scorer", "propose")
    answer = await submit(
        client,
        f"/staff/{community}/propose",
        data={"csrf_token": csrf, "rule_id": str(rule), "everyone": "1"},
        headers=cookie,
    )
    assert answer.status_code == 200 and "已提交 2 户" in answer.text
    too_many = await submit(
        client,
        f"/staff/{community}/propose",
        data={"csrf_token": csrf, "rule_id": str(rule), "numbers": " ".join(f"9-{n}" for n in range(501))},
        headers=cookie,
    )
    assert too_many.status_code == 400


async def test_a_township_official_sees_each_village_side_by_side_and_changes_nothing(pool, owner, client):
    township = await hierarchy.township_id(
        owner, await hierarchy.county_id(owner, f"县{uuid.uuid4().hex[:6]}", create=True), "镇", create=True
    )
    busy, quiet = await new_village(pool, township_id=township), await new_village(pool, township_id=township)
    household = await add_household(pool, busy, "1-001")
    await give_points(pool, busy, household, 40)
    soap = await add_goods(pool, busy, "RY001", 5, 10)
    await redeem(pool, busy.community_id, household, [(soap, 3)])
    official = await accounts.create_user(
        pool, uuid.uuid4(), f"o{uuid.uuid4().hex[:10]}", "镇干部", password_hash()
    )
    await accounts.grant_oversight(owner, official, township, None)
    username = await owner.fetchval("SELECT username FROM users WHERE user_id = $1", official)
    cookie = session_cookie(await log_in(client, username, PASSWORD))
    page = await client.get("/staff/overview", headers=cookie)
    assert page.status_code == 200
    for village in (busy, quiet):
        assert (await queries.community(pool, village.community_id))["name"] in page.text
    assert "<td>本月加分</td><td>40</td>" in page.text
    assert "<td>本月兑换（已撤销、冲正的不计）</td><td>15</td>" in page.text
    assert "<td>近30天参与户</td><td>1</td>" in page.text
    assert "/propose" not in page.text and "<form" not in page.text  # reading only
    village_admin = session_cookie(await log_in(client, quiet.usernames["admin"], PASSWORD))
    own_only = await client.get("/staff/overview", headers=village_admin)
    assert (await queries.community(pool, busy.community_id))["name"] not in own_only.text


async def test_the_committee_keeps_the_roster_and_prints_cards_on_its_page(pool, client, staffed):
    community = staffed.village.community_id
    cookie, csrf, page = await _open(client, staffed, "committee", "households")
    assert "尚无在册户" in page.text
    registered = await submit(
        client,
        f"/staff/{community}/households",
        data={"csrf_token": csrf, "action": "register", "number": "1-001", "head_name": "赵春梅"},
        headers=cookie,
    )
    assert registered.status_code == 200 and "已登记 1-001" in registered.text
    sheet = (
        "户号,户主,姓名,与户主关系\n1-002,钱卫东,钱卫东,户主\n1-002,钱卫东,李芳,配偶\n1-003,孙丽,孙丽,户主\n"
    )
    upload = {"file": ("roster.csv", sheet.encode(), "text/csv")}
    checked_only = await submit(
        client,
        f"/staff/{community}/households",
        data={"csrf_token": csrf, "action": "import", "dry_run": "1"},
        files=upload,
        headers=cookie,
    )
    imported = await submit(
        client,
        f"/staff/{community}/households",
        data={"csrf_token": csrf, "action": "import"},
        files=upload,
        headers=cookie,
    )
    assert "检查通过：3 行" in checked_only.text
    assert "新登记 2 户" in imported.text and "1-003" in imported.text
    ids = {r["number"]: r["household_id"] for r in await queries.households(pool, community, 100, "")}
    first = await cards.issue_card(pool, community, None, ids["1-001"])
    printed = await submit(
        client,
        f"/staff/{community}/households/cards",
        data={
            "csrf_token": csrf,
            "household_id": [str(ids["1-001"]), str(ids["1-003"])],
            "replace_confirmed": "yes",  # the committee knows the old cards stop working
            "allow_loopback": "yes",  # the tests' server answers at 127.0.0.1
        },
        headers=cookie,
    )
    assert printed.headers["content-type"] == "application/pdf" and printed.content[:4] == b"%PDF"
    assert (
        await client.get(f"/api/v1/cards/{first.token}", headers={"X-Forwarded-For": "10.83.0.1"})
    ).status_code == 404
    nothing_ticked = await submit(
        client, f"/staff/{community}/households/cards", data={"csrf_token": csrf}, headers=cookie
    )
    assert nothing_ticked.status_code == 400
    workbook = await client.get(f"/staff/{community}/households/roster.xlsx", headers=cookie)
    assert workbook.content[:2] == b"PK"


async def test_the_counter_keeps_the_stock_and_the_committee_the_catalog(pool, client, staffed):
    community = staffed.village.community_id
    soap = await add_goods(pool, staffed.village, "RY001", 5, 10)
    cookie, csrf, page = await _open(client, staffed, "counter", "goods")
    assert "RY001" in page.text and "上架新商品" not in page.text  # the counter keeps stock, not the catalog

    async def post(data: dict, who: dict = cookie) -> object:
        return await submit(
            client, f"/staff/{community}/goods", data={"csrf_token": csrf, **data}, headers=who
        )

    received = await post(
        {"action": "receive", "goods_id": str(soap), "quantity": "20", "source": "transfer"}
    )
    written_off = await post(
        {"action": "write_off", "goods_id": str(soap), "quantity": "2", "reason": "包装破损"}
    )
    counted = await post({"action": "count", "goods_id": str(soap), "counted": "27", "note": "月末盘点"})
    no_donor = await post({"action": "receive", "goods_id": str(soap), "quantity": "5", "source": "donation"})
    listing = await post({"action": "list", "code": "LY002", "name": "菜籽油", "points": "60"})
    assert (
        "已入库 20，库存 30" in received.text and "库存 28" in written_off.text and "差额 -1" in counted.text
    )
    assert no_donor.status_code == 400
    assert listing.status_code == 403 and "商品目录由村两委管理" in listing.text
    assert (await queries.goods_item(pool, community, soap))["stock"] == 27

    committee, committee_csrf, _ = await _open(client, staffed, "committee", "goods")
    listed = await submit(
        client,
        f"/staff/{community}/goods",
        data={
            "csrf_token": committee_csrf,
            "action": "list",
            "code": "LY002",
            "name": "菜籽油",
            "unit": "桶",
            "points": "60",
        },
        headers=committee,
    )
    repriced = await submit(
        client,
        f"/staff/{community}/goods",
        data={"csrf_token": committee_csrf, "action": "reprice", "goods_id": str(soap), "points": "6"},
        headers=committee,
    )
    assert listed.status_code == 200 and "已上架 LY002" in listed.text
    assert "已改价" in repriced.text and (await queries.goods_item(pool, community, soap))["points"] == 6
    workbook = await client.get(f"/staff/{community}/goods/catalog.xlsx", headers=committee)
    assert workbook.content[:2] == b"PK"


async def test_the_committee_sets_the_policies_on_one_form(pool, client, staffed):
    community = staffed.village.community_id
    cookie, csrf, page = await _open(client, staffed, "committee", "policy")
    assert 'name="publicity_days" value="7"' in page.text  # the current values, ready to change
    form = {
        "csrf_token": csrf,
        "publicity_days": "5",
        "publicity_threshold": "0",
        "direct_awards": "1",
        "yearly_points_cap": "800",
        "year_end": "expire",
        "star_thresholds": "100，300, 600",
        "redemption_window": "open",
        "fund_points_per_100_yuan": "10",
        "red_board_size": "10",
        "black_board_public": "1",
        "board_listing_days": "30",
    }
    saved = await submit(client, f"/staff/{community}/policy", data=form, headers=cookie)
    again = await submit(client, f"/staff/{community}/policy", data=form, headers=cookie)
    wrong = await submit(
        client, f"/staff/{community}/policy", data={**form, "publicity_days": "99"}, headers=cookie
    )
    assert "已保存" in saved.text and "没有变化" in again.text and wrong.status_code == 400
    policy = (await client.get(f"{staffed.api}/policy", headers=staffed.auth("committee"))).json()
    assert (policy["publicity_days"], policy["yearly_points_cap"], policy["year_end"]) == (5, 800, "expire")
    assert (policy["star_thresholds"], policy["black_board_public"], policy["counter_pin_required"]) == (
        [100, 300, 600],
        True,
        False,
    )


async def test_the_committee_records_gifts_and_spending_in_yuan_on_the_fund_page(pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "1-001")
    cookie, csrf, page = await _open(client, staffed, "committee", "fund")
    assert "本月暂无" in page.text

    async def post(data: dict) -> object:
        return await submit(
            client, f"/staff/{community}/fund", data={"csrf_token": csrf, **data}, headers=cookie
        )

    gift = await post(
        {
            "action": "contribute",
            "source": "household",
            "number": "1-001",
            "amount": "250.5",
            "method": "cash",
        }
    )
    company = await post(
        {
            "action": "contribute",
            "source": "enterprise",
            "donor": "示范农业合作社",
            "amount": "5,000",
            "method": "transfer",
        }
    )
    spent = await post({"action": "spend", "purpose": "采购大米", "payee": "镇供销社", "amount": "1500.00"})
    too_much = await post({"action": "spend", "purpose": "采购", "payee": "镇供销社", "amount": "999999"})
    not_money = await post({"action": "spend", "purpose": "采购", "payee": "镇供销社", "amount": "12.345"})
    assert "已记捐赠 250.50 元，该户得 25 分" in gift.text and company.status_code == 200
    assert "余额 3,750.50 元" in spent.text
    assert too_much.status_code == 409 and "幸福基金余额不够" in too_much.text
    assert not_money.status_code == 400
    assert "期末 <b>3,750.50</b> 元" in not_money.text and "示范农业合作社" in not_money.text
    assert (await queries.household(pool, community, household))["spendable"] == 25
    assert await queries.fund_balance(pool, community) == 375_050


async def test_the_admin_keeps_staff_accounts_and_roles_on_its_page(pool, client, staffed):
    community = staffed.village.community_id
    cookie, csrf, page = await _open(client, staffed, "admin", "staff")
    assert staffed.village.usernames["counter"] in page.text
    username = f"grid{uuid.uuid4().hex[:8]}"

    async def post(data: dict) -> object:
        return await submit(
            client, f"/staff/{community}/staff", data={"csrf_token": csrf, **data}, headers=cookie
        )

    weak = await post({"action": "create", "username": username, "password": "short", "roles": ["scorer"]})
    created = await post(
        {
            "action": "create",
            "username": username,
            "password": "初始密码请尽快修改9",
            "roles": ["scorer"],
            "display_name": "张网格",
        }
    )
    assert weak.status_code == 400 and created.status_code == 200
    user_id = await pool.fetchval("SELECT user_id FROM users WHERE username = $1", username)
    granted = await post({"action": "grant", "user_id": str(user_id), "role": "counter"})
    revoked = await post({"action": "revoke", "user_id": str(user_id), "role": "scorer"})
    assert "已授予" in granted.text and "已撤销" in revoked.text
    admin_id = staffed.village.staff["admin"]
    own_admin = await post({"action": "revoke", "user_id": str(admin_id), "role": "admin"})
    assert own_admin.status_code == 403
    roles = await pool.fetch(
        "SELECT role FROM staff_roles WHERE community_id = $1 AND user_id = $2", community, user_id
    )
    assert [r["role"] for r in roles] == ["counter"]
    await log_in(client, username, "初始密码请尽快修改9")
    reset = await post({"action": "reset", "user_id": str(user_id), "new_password": "新的密码很长很长很长1"})
    assert "已重设密码" in reset.text
    await log_in(client, username, "新的密码很长很长很长1")


async def test_staff_declare_their_households_and_are_then_kept_from_them(pool, client, staffed):
    community = staffed.village.community_id
    home = await add_household(pool, staffed.village, "1-001")
    rule = await add_rule(pool, staffed.village, "R02", 5)
    cookie, csrf, page = await _open(client, staffed, "scorer", "links")
    assert "尚未申报" in page.text
    declared = await submit(
        client,
        f"/staff/{community}/links",
        data={"csrf_token": csrf, "number": "1-001", "kind": "own"},
        headers=cookie,
    )
    again = await submit(
        client,
        f"/staff/{community}/links",
        data={"csrf_token": csrf, "number": "1-001", "kind": "own"},
        headers=cookie,
    )
    assert declared.status_code == 200 and "<td>1-001</td>" in declared.text and "已申报过" in again.text
    proposed = await client.post(
        f"{staffed.api}/proposals",
        json={"rule_id": str(rule), "household_ids": [str(home)]},
        headers=staffed.auth("scorer"),
    )
    assert proposed.json()["code"] == "conflict_of_interest"
