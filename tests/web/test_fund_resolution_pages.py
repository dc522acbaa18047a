"""The fund under 四议两公开 on the pages: the committee sets the threshold in yuan on the policy
page, records a meeting's resolution on the fund page, pays under it with the receipt photo,
and the public board posts the resolution and the result with its photo."""

from __future__ import annotations

import re

import pytest

from ledger.store import queries
from tests.api.web import hidden_csrf, log_in, session_cookie, submit
from tests.support import PASSWORD, last_month, photo

pytestmark = pytest.mark.anyio


def _as_shown(form: str) -> dict[str, str]:
    """The policy form's fields as the page shows them: what a browser would send unchanged."""
    fields = dict(re.findall(r'<input[^>]* name="([a-z_0-9]+)" value="([^"]*)"', form))
    fields |= dict(re.findall(r'<input type="checkbox" name="([a-z_]+)" value="(1)" checked>', form))
    for name, options in re.findall(r'<select id="[a-z_]+" name="([a-z_]+)">(.*?)</select>', form):
        fields[name] = re.search(r'<option value="([^"]*)" selected>', options).group(1)
    return fields | {"csrf_token": hidden_csrf(form)}


async def test_the_committee_resolves_then_pays_with_the_receipt_and_the_board_posts_both(
    pool, client, staffed
):
    community = staffed.village.community_id
    cookie = session_cookie(await log_in(client, staffed.village.usernames["committee"], PASSWORD))
    policy_page = await client.get(f"/staff/{community}/policy", headers=cookie)
    assert 'name="fund_resolution_threshold_fen" value="0.00"' in policy_page.text
    await submit(
        client,
        f"/staff/{community}/policy",
        data={**_as_shown(policy_page.text), "fund_resolution_threshold_fen": "5000"},
        headers=cookie,
    )
    policy = (await client.get(f"{staffed.api}/policy", headers=staffed.auth("committee"))).json()
    assert policy["fund_resolution_threshold_fen"] == 500_000
    await client.post(
        f"{staffed.api}/fund/contributions",
        json={"source": "government", "donor": "镇政府", "amount_fen": 2_000_000, "method": "transfer"},
        headers=staffed.auth("committee"),
    )
    page = await client.get(f"/staff/{community}/fund", headers=cookie)
    csrf = hidden_csrf(page.text)
    assert "超过 5,000.00 元的支出须先记入会议决议" in page.text

    async def post(data: dict, **extra) -> object:
        return await submit(
            client, f"/staff/{community}/fund", data={"csrf_token": csrf, **data}, headers=cookie, **extra
        )

    spending = {"action": "spend", "purpose": "修缮村道路灯", "payee": "镇电器维修部", "amount": "7600"}
    unresolved = await post(spending)
    short = await post(
        {
            "action": "resolve",
            "meeting": "villager_representatives",
            "meeting_on": last_month(10).isoformat(),
            "purpose": "修缮村道路灯",
            "amount": "8000",
            "entitled": "30",
            "attended": "19",
            "voted_for": "19",
        }
    )
    resolved = await post(
        {
            "action": "resolve",
            "meeting": "villager_representatives",
            "meeting_on": last_month(10).isoformat(),
            "purpose": "修缮村道路灯",
            "amount": "8000",
            "entitled": "30",
            "attended": "24",
            "voted_for": "21",
        }
    )
    assert unresolved.status_code == 409 and "超过 5,000.00 元的支出须先记入会议决议" in unresolved.text
    assert short.status_code == 409 and "至少 20 人到会才能召开" in short.text
    assert "已记入决议：修缮村道路灯，不超过 8,000.00 元" in resolved.text
    choice = re.search(
        r'<option value="([0-9a-f-]{36})">[^<]*修缮村道路灯 · 不超过 8,000.00 元</option>', resolved.text
    )
    assert choice is not None
    paid = await post(
        {**spending, "resolution_id": choice.group(1)},
        files={"receipt": ("receipt.jpg", photo(), "image/jpeg")},
    )
    assert "已记支出 7,600.00 元，余额 12,400.00 元" in paid.text
    assert choice.group(1) not in paid.text  # used: no longer offered
    assert await queries.fund_balance(pool, community) == 1_240_000
    board = (await client.get(f"/board/{community}")).text
    assert "幸福基金 · 决议公开" in board and "应到 30 人，实到 24 人，同意 21 人" in board
    assert "幸福基金 · 实施结果公开" in board and "支付给 镇电器维修部 7,600.00 元" in board
    source = re.search(
        r'<img src="(/api/v1/boards/[^"]+/fund/receipts/\d+)" alt="票据照片：修缮村道路灯"', board
    )
    assert source is not None
    image = await client.get(source.group(1))
    assert (image.status_code, image.headers["content-type"]) == (200, "image/jpeg")


async def test_a_village_without_the_rule_and_without_resolutions_sees_no_fund_postings(client, staffed):
    board = (await client.get(f"/board/{staffed.village.community_id}")).text
    assert "决议公开" not in board


async def test_the_fund_page_links_the_fund_poster_to_post_in_one_tap(client, staffed):
    """The treasurer posts the fund's statement in the WeChat group from the fund page: its
    poster as a picture and as a PDF, the fund's only (the board offers the others)."""
    community = staffed.village.community_id
    cookie = session_cookie(await log_in(client, staffed.village.usernames["committee"], PASSWORD))
    page = (await client.get(f"/staff/{community}/fund", headers=cookie)).text
    links = re.findall(r'href="(/board/[^"]+/poster/[^"]+)"', page)
    assert links == [f"/board/{community}/poster/fund.png", f"/board/{community}/poster/fund.pdf"]
    picture = await client.get(links[0])
    assert (picture.status_code, picture.headers["content-type"]) == (200, "image/png")
    assert picture.content.startswith(b"\x89PNG")
    document = await client.get(links[1])
    assert (document.status_code, document.headers["content-type"]) == (200, "application/pdf")


async def test_the_fund_page_withdraws_a_resolution_recorded_in_error(client, staffed):
    """Each unused resolution has its withdraw button with a reason; withdrawn, it is no longer
    offered to spending, and a second withdrawal (from an old tab) says why not."""
    community = staffed.village.community_id
    cookie = session_cookie(await log_in(client, staffed.village.usernames["committee"], PASSWORD))
    page = await client.get(f"/staff/{community}/fund", headers=cookie)
    assert "撤回这项决议" not in page.text  # nothing to withdraw yet
    csrf = hidden_csrf(page.text)

    async def post(data: dict) -> object:
        return await submit(
            client, f"/staff/{community}/fund", data={"csrf_token": csrf, **data}, headers=cookie
        )

    resolved = await post(
        {
            "action": "resolve",
            "meeting": "villagers",
            "meeting_on": last_month(10).isoformat(),
            "purpose": "修建文化广场",
            "amount": "90000",
            "entitled": "400",
            "attended": "260",
            "voted_for": "200",
        }
    )
    offered = re.search(
        r'<input type="hidden" name="resolution_id" value="([0-9a-f-]{36})">\s*<p>[^<]*修建文化广场',
        resolved.text,
    )
    assert offered is not None and "撤回这项决议" in resolved.text
    withdrawal = {"action": "withdraw", "resolution_id": offered.group(1), "reason": "金额录错"}
    withdrawn = await post(withdrawal)
    assert "已撤回这项决议" in withdrawn.text
    assert offered.group(1) not in withdrawn.text  # neither offered to spending nor to withdraw
    again = await post(withdrawal)
    assert again.status_code == 409 and "这项决议已由第" in again.text
