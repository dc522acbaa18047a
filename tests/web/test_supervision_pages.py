"""The supervision committee's pages over real HTTP: the event log (filters, paging, a
reversal from the entry itself, marked afterwards), the integrity page (green, then red
naming the first changed entry once a row is edited behind the trigger's back), the
comparison of an old print-out, the printable record certificate, and who may open them."""

from __future__ import annotations

import asyncio
import datetime
import re
import uuid

import pytest

from ledger import limits
from ledger.messages import catalog
from ledger.services import event_log
from ledger.store import awards as store
from ledger.store import queries
from tests.api.web import hidden_csrf, log_in, session_cookie, submit
from tests.support import (
    PASSWORD,
    add_goods,
    add_household,
    add_rule,
    community_today,
    give_points,
    last_month,
    redeem,
)
from tests.tampering import tamper

pytestmark = pytest.mark.anyio


async def _logged_in(client, staffed, role: str) -> dict[str, str]:
    return session_cookie(await log_in(client, staffed.village.usernames[role], PASSWORD))


def _shown_seqs(page: str) -> list[int]:
    """The entries on a log page, in the order shown."""
    return [int(seq) for seq in re.findall(r'<div class="box" id="entry-([0-9]+)">', page)]


def _link(page: str, label: str) -> str:
    match = re.search(r'<a href="([^"]+)">[^<]*' + re.escape(label), page)
    assert match, label
    return match.group(1).replace("&amp;", "&")


async def _head(pool, community_id) -> int:
    return (await queries.community(pool, community_id))["head_seq"]


async def test_the_supervisor_finds_a_sale_reverses_it_checks_the_record_and_sees_a_change(
    pool, owner, client, staffed
):
    community = staffed.village.community_id
    buyer = await add_household(pool, staffed.village, "001", "赵春梅")
    neighbour = await add_household(pool, staffed.village, "002", "钱卫东")
    for household in (buyer, neighbour):
        await give_points(pool, staffed.village, household, 50)
    oil = await add_goods(pool, staffed.village, "G01", 12, 10)
    sale = await redeem(pool, community, buyer, [(oil, 1)])
    await redeem(pool, community, neighbour, [(oil, 2)])
    cookie = await _logged_in(client, staffed, "supervisor")
    log = f"/staff/{community}/events"

    found = await client.get(log, params={"kind": "redemption-made", "household": "001"}, headers=cookie)
    assert found.status_code == 200
    assert _shown_seqs(found.text) == [sale["event_seq"]]
    assert catalog.event_label("redemption.made") in found.text
    assert "redemption.made" not in found.text  # never the kind's code, not even in the markup
    assert "商品G01×1" in found.text and "-12" in found.text

    reversed_ = await submit(
        client,
        log + "?kind=redemption-made&household=001",
        data={
            "csrf_token": hidden_csrf(found.text),
            "event_seq": str(sale["event_seq"]),
            "back": re.search(r'name="back" value="([^"]*)"', found.text).group(1).replace("&amp;", "&"),
            "reason": "收银员扫错了户",
        },
        headers=cookie,
    )
    reversal_seq = await _head(pool, community)
    assert reversed_.status_code == 200, reversed_.text
    assert f"已冲正第 {sale['event_seq']} 条记录，冲正记录是第 {reversal_seq} 条" in reversed_.text
    # Back on the same filtered view: the sale is marked with its reversal, its button gone.
    assert _shown_seqs(reversed_.text) == [sale["event_seq"]]
    assert f'已冲正</b> 见 <a href="{log}?before={reversal_seq + 1}">#{reversal_seq}</a>' in reversed_.text
    assert f'name="event_seq" value="{sale["event_seq"]}"' not in reversed_.text
    assert (await queries.household(pool, community, buyer))["spendable"] == 50
    reversal = await client.get(log, params={"kind": "reversal-recorded"}, headers=cookie)
    assert _shown_seqs(reversal.text) == [reversal_seq]
    assert "原因：收银员扫错了户" in reversal.text and f">#{sale['event_seq']}</a>" in reversal.text

    green = await client.get(f"/staff/{community}/integrity", headers=cookie)
    assert green.status_code == 200
    assert (
        f'<p class="done" role="status" style="font-size:1.15rem"><b>记录完整：共 {reversal_seq} 条，逐条核对无误'
        in green.text
    )
    head_hash = (await queries.community(pool, community))["head_hash"].hex()
    assert " ".join(head_hash[i : i + 8] for i in range(0, 64, 8)) in green.text
    assert f"<b>#{reversal_seq}</b>" in green.text
    assert "Asia/Shanghai" in green.text and community_today().isoformat() in green.text

    changed = await pool.fetchval(  # the buyer's award, long before the sale
        "SELECT min(seq) FROM events WHERE community_id = $1 AND kind = 'award.confirmed'", community
    )
    await tamper(
        owner,
        "UPDATE events SET spendable_delta = 5000 WHERE community_id = $1 AND seq = $2",
        community,
        changed,
    )
    red = await client.get(f"/staff/{community}/integrity", headers=cookie)
    assert red.status_code == 200
    assert (
        f'<p class="error" role="status" style="font-size:1.15rem"><b>记录有误：第 {changed} 条被改动过'
        in red.text
    )
    assert "记录完整" not in red.text


@pytest.mark.parametrize("deleted", ["the latest", "one in the middle"])
async def test_a_deleted_entry_is_named_missing(pool, owner, client, staffed, deleted):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "001")
    for _ in range(3):
        await give_points(pool, staffed.village, household, 5)
    head = await _head(pool, community)
    gone = head if deleted == "the latest" else head - 2
    await tamper(owner, "DELETE FROM events WHERE community_id = $1 AND seq = $2", community, gone)
    cookie = await _logged_in(client, staffed, "admin")
    red = await client.get(f"/staff/{community}/integrity", headers=cookie)
    assert f"记录有误：第 {gone} 条不见了" in red.text


async def test_the_log_pages_through_every_entry_newest_first_and_back(pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "001")
    for _ in range(limits.EVENT_LOG_ENTRIES_PER_PAGE):  # each a rule and an award: two entries
        await give_points(pool, staffed.village, household, 1)
    head = await _head(pool, community)
    size = limits.EVENT_LOG_ENTRIES_PER_PAGE
    cookie = await _logged_in(client, staffed, "committee")

    first = await client.get(f"/staff/{community}/events", headers=cookie)
    assert _shown_seqs(first.text) == list(range(head, head - size, -1))
    assert "较新的记录" not in first.text
    second = await client.get(_link(first.text, "较早的记录"), headers=cookie)
    assert _shown_seqs(second.text) == list(range(head - size, head - 2 * size, -1))
    last = await client.get(_link(second.text, "较早的记录"), headers=cookie)
    assert _shown_seqs(last.text) == list(range(head - 2 * size, 0, -1))
    assert "较早的记录" not in last.text
    back = await client.get(_link(last.text, "较新的记录"), headers=cookie)
    assert _shown_seqs(back.text) == _shown_seqs(second.text)
    newest = await client.get(_link(back.text, "较新的记录"), headers=cookie)
    assert _shown_seqs(newest.text) == _shown_seqs(first.text)
    assert "较新的记录" not in newest.text


async def _every_page(client, cookie, path: str, params: dict[str, str]) -> list[int]:
    """Every entry a filtered log shows, following its older-entries links to the end."""
    answer = await client.get(path, params=params, headers=cookie)
    assert answer.status_code == 200, answer.text
    seqs = _shown_seqs(answer.text)
    while "较早的记录" in answer.text:
        answer = await client.get(_link(answer.text, "较早的记录"), headers=cookie)
        seqs += _shown_seqs(answer.text)
    return seqs


async def test_each_filter_gives_exactly_its_entries(pool, client, staffed):
    community = staffed.village.community_id
    village = staffed.village
    first = await add_household(pool, village, "001")
    second = await add_household(pool, village, "002")
    rule = await add_rule(pool, village, "R01", 3)
    backdated = last_month(5)
    async with pool.acquire() as connection:
        for _ in range(limits.EVENT_LOG_ENTRIES_PER_PAGE + 5):  # more than a page of one kind
            await store.award(connection, community, None, second, rule, None, None, None, None, None)
        await store.award(connection, community, None, first, rule, None, None, backdated, None, None)
    by_committee = await client.post(
        f"{staffed.api}/awards",
        json={"household_id": str(first), "rule_id": str(rule)},
        headers=staffed.auth("committee"),
    )
    assert by_committee.status_code == 201, by_committee.text
    rows = await pool.fetch(
        "SELECT seq, kind, household_id, actor_id, occurred_on FROM events WHERE community_id = $1 ORDER BY seq DESC",
        community,
    )
    cookie = await _logged_in(client, staffed, "supervisor")
    path = f"/staff/{community}/events"

    awards = await _every_page(client, cookie, path, {"kind": "award-confirmed"})
    assert awards == [r["seq"] for r in rows if r["kind"] == "award.confirmed"]
    assert len(awards) == limits.EVENT_LOG_ENTRIES_PER_PAGE + 7
    assert await _every_page(client, cookie, path, {"household": "001"}) == [
        r["seq"] for r in rows if r["household_id"] == first
    ]
    committee = str(village.staff["committee"])
    assert (
        await _every_page(client, cookie, path, {"actor": committee})
        == [r["seq"] for r in rows if r["actor_id"] == village.staff["committee"]]
        == [by_committee.json()["event_seq"]]
    )
    day = backdated.isoformat()
    assert await _every_page(client, cookie, path, {"from": day, "to": day}) == [
        r["seq"] for r in rows if r["occurred_on"] == backdated
    ]
    typed = backdated.strftime("%Y/%m/%d").replace("/0", "/")  # as typed where there is no date picker
    assert await _every_page(client, cookie, path, {"from": typed, "to": typed}) == [
        r["seq"] for r in rows if r["occurred_on"] == backdated
    ]
    today = community_today()
    # Recorded today, every one of them, whatever day each says it happened.
    assert await _every_page(
        client, cookie, path, {"dates": "recorded", "from": today.isoformat(), "to": today.isoformat()}
    ) == [r["seq"] for r in rows]
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    assert await _every_page(client, cookie, path, {"dates": "recorded", "to": yesterday}) == []
    combined = {"kind": "award-confirmed", "household": "001", "actor": committee}
    assert await _every_page(client, cookie, path, combined) == [by_committee.json()["event_seq"]]

    unknown = await client.get(path, params={"household": "9-999"}, headers=cookie)
    assert unknown.status_code == 200 and "没有户号为 9-999 的户" in unknown.text
    assert _shown_seqs(unknown.text) == []


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "no-such_kind"},
        {"before": "abc"},
        {"after": "-1"},
        {"from": "2026-13-45"},
        {"from": "2026-12-02", "to": "2026-12-01"},
        {"actor": "someone"},
        {"dates": "tomorrow"},
        {"household": "1" * 41},
        {"dates": "recorded", "to": "9999-12-31"},  # a day past it cannot even be computed
    ],
)
async def test_a_bad_filter_is_refused_on_the_page_in_words(client, staffed, params):
    cookie = await _logged_in(client, staffed, "supervisor")
    answer = await client.get(f"/staff/{staffed.village.community_id}/events", params=params, headers=cookie)
    assert answer.status_code == 400, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    assert '<p class="error">' in answer.text  # on the workbench frame, not as JSON


async def test_a_reversal_the_record_does_not_allow_changes_nothing(pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "001")
    await give_points(pool, staffed.village, household, 5)
    award_seq = await _head(pool, community)
    cookie = await _logged_in(client, staffed, "supervisor")
    page = await client.get(f"/staff/{community}/events", headers=cookie)
    csrf = hidden_csrf(page.text)
    # Only the award has the button: a registration or a rule cannot be reversed.
    assert re.findall(r'name="event_seq" value="([0-9]+)"', page.text) == [str(award_seq)]
    head = await _head(pool, community)
    for data, status in (
        ({"csrf_token": csrf, "event_seq": "1", "reason": "试一试"}, 409),  # not reversible
        ({"csrf_token": csrf, "event_seq": str(award_seq), "reason": ""}, 400),
        ({"csrf_token": csrf, "event_seq": str(award_seq), "reason": "好的", "back": "kind=nonsense"}, 400),
        ({"event_seq": str(award_seq), "reason": "没有令牌"}, 403),
    ):
        answer = await submit(client, f"/staff/{community}/events", data=data, headers=cookie)
        assert answer.status_code == status, data
        assert '<p class="error">' in answer.text and "已冲正" not in answer.text
    assert await _head(pool, community) == head
    done = await submit(
        client,
        f"/staff/{community}/events",
        data={"csrf_token": csrf, "event_seq": str(award_seq), "reason": "重复录入"},
        headers=cookie,
    )
    assert done.status_code == 200 and "已冲正" in done.text
    twice = await submit(
        client,
        f"/staff/{community}/events",
        data={"csrf_token": csrf, "event_seq": str(award_seq), "reason": "重复录入"},
        headers=cookie,
    )
    assert twice.status_code == 409
    assert await _head(pool, community) == head + 1


async def test_an_old_print_out_is_compared_with_the_record(pool, owner, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "001")
    await give_points(pool, staffed.village, household, 5)
    printed = await queries.community(pool, community)
    printed_seq, printed_hash = printed["head_seq"], printed["head_hash"].hex()
    await give_points(pool, staffed.village, household, 7)  # the record goes on after printing
    cookie = await _logged_in(client, staffed, "supervisor")
    path = f"/staff/{community}/integrity"
    as_typed = " ".join(printed_hash[i : i + 8] for i in range(0, 64, 8)).upper()

    same = await client.get(path, params={"seq": str(printed_seq), "hash": as_typed}, headers=cookie)
    assert same.status_code == 200 and f"一致：第 {printed_seq} 条的指纹与凭证相同" in same.text
    other = "0" * 64
    different = await client.get(path, params={"seq": str(printed_seq), "hash": other}, headers=cookie)
    assert f"不一致：第 {printed_seq} 条的指纹与凭证不同" in different.text
    beyond = await client.get(path, params={"seq": "999999", "hash": printed_hash}, headers=cookie)
    assert "记录中没有第 999999 条" in beyond.text
    short = await client.get(path, params={"seq": str(printed_seq), "hash": "99bf115f"}, headers=cookie)
    assert short.status_code == 400 and "记录指纹共 64 位" in short.text and "输入了 8 位" in short.text
    not_a_number = await client.get(path, params={"seq": "五", "hash": printed_hash}, headers=cookie)
    assert not_a_number.status_code == 400

    await tamper(
        owner,
        'UPDATE events SET body = body || \'{"note": "改过"}\' WHERE community_id = $1 AND seq = $2',
        community,
        printed_seq - 1,
    )
    # The print-out's own entry still has its fingerprint, but an entry before it was changed.
    after = await client.get(path, params={"seq": str(printed_seq), "hash": printed_hash}, headers=cookie)
    assert f"不一致：第 {printed_seq - 1} 条（在凭证的第 {printed_seq} 条之前）被改动过" in after.text


async def test_the_record_certificate_is_one_printable_page_with_the_board_qr_code(pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "001")
    await give_points(pool, staffed.village, household, 5)
    head = await queries.community(pool, community)
    cookie = await _logged_in(client, staffed, "committee")
    answer = await client.get(f"/staff/{community}/integrity/certificate", headers=cookie)
    assert answer.status_code == 200
    text = answer.text
    assert "<h2>记录链凭证</h2>" in text and head["name"] in text
    assert f"本村记录共 {head['head_seq']} 条" in text
    groups = [head["head_hash"].hex()[i : i + 8] for i in range(0, 64, 8)]
    assert " ".join(groups[:4]) + "<br>" + " ".join(groups[4:]) in text
    assert community_today().isoformat() in text
    assert "@page { size: A4" in text and "@media print" in text
    assert "<svg" in text and f"/board/{community}</p>" in text
    assert "怎样对照" in text
    assert '<button type="button" data-print>打印</button>' in text
    # Opened at 127.0.0.1 the QR code would be dead on paper: the screen says so, the sheet not.
    assert '<p class="actions bad">二维码里的地址是 http://127.0.0.1:' in text
    from_the_village = await client.get(
        f"/staff/{community}/integrity/certificate", headers={**cookie, "Host": "village.lan:8000"}
    )
    assert f"http://village.lan:8000/board/{community}</p>" in from_the_village.text
    assert "二维码里的地址是" not in from_the_village.text
    script = await client.get("/static/print.js")
    assert script.status_code == 200 and "window.print()" in script.text
    assert script.headers["content-type"].startswith("text/javascript")


async def test_the_pages_speak_english_on_request(pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "001")
    await give_points(pool, staffed.village, household, 5)
    cookie = await _logged_in(client, staffed, "supervisor")
    english = {**cookie, "Accept-Language": "en"}
    log = await client.get(f"/staff/{community}/events", headers=english)
    assert "Reverse this entry" in log.text and "冲正这条记录" not in log.text
    check = await client.get(f"/staff/{community}/integrity", headers=english)
    assert "The record is whole: " in check.text and "记录完整" not in check.text
    paper = await client.get(f"/staff/{community}/integrity/certificate", headers=english)
    assert "Record certificate" in paper.text and "记录链凭证" not in paper.text


async def test_only_the_supervision_committee_the_committee_and_the_admin_open_the_pages(client, staffed):
    community = staffed.village.community_id
    for page in ("events", "integrity", "integrity/certificate"):
        for role in ("supervisor", "committee", "admin", "counter", "scorer"):
            cookie = await _logged_in(client, staffed, role)
            answer = await client.get(f"/staff/{community}/{page}", headers=cookie)
            expected = 200 if role in ("supervisor", "committee", "admin") else 403
            assert answer.status_code == expected, (page, role)
        client.cookies.clear()  # the log-ins above left their session in the client's jar
        anonymous = await client.get(f"/staff/{community}/{page}")
        assert (anonymous.status_code, anonymous.headers["location"]) == (303, "/login")
    cookie = await _logged_in(client, staffed, "counter")
    refused = await client.post(
        f"/staff/{community}/events", data={"event_seq": "1", "reason": "试一试"}, headers=cookie
    )
    assert refused.status_code == 403
    elsewhere = await client.get(f"/staff/{uuid.uuid4()}/events", headers=cookie)
    assert elsewhere.status_code == 403


async def test_a_check_while_the_counter_sells_is_never_a_false_alarm(pool, staffed):
    # The walk reads the head row, then the entries: entries appended in between must not be
    # taken for a log that runs past its head (the check reads one snapshot).
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "001")
    rule = await add_rule(pool, staffed.village, "R01", 1)
    selling = True

    async def append_forever() -> None:
        async with pool.acquire() as connection:
            while selling:
                await store.award(connection, community, None, household, rule, None, None, None, None, None)

    appending = asyncio.get_running_loop().create_task(append_forever())
    try:
        checks = [await event_log.check(pool, community) for _ in range(40)]
    finally:
        selling = False
        await appending
    assert [check.first_bad_seq for check in checks if not check.ok] == []
    assert checks[-1].head_seq > checks[0].head_seq  # the entries did come in meanwhile
