"""The public board (公示栏) as residents open it on a phone: what is in publicity with
masked names and its end date, a staff household marked, this month's red list, the
chain's head — and an objection sent from the page's form."""

from __future__ import annotations

import pytest

from ledger.services import cards
from ledger.store import queries
from tests.api.steps import award_in_publicity
from tests.api.web import submit
from tests.support import add_household, add_rule

pytestmark = pytest.mark.anyio


async def test_the_board_shows_publicity_masked_and_takes_an_objection(pool, client, staffed):
    community = staffed.village.community_id
    committee = staffed.auth("committee")
    posted_to = await add_household(pool, staffed.village, "1-001", "李秀英")
    red = await add_household(pool, staffed.village, "1-002", "王建国")
    award_seq = await award_in_publicity(client, staffed, posted_to, name="子女考上大学")
    await client.post(
        f"{staffed.api}/awards",
        json={"household_id": str(red), "rule_id": str(await add_rule(pool, staffed.village, "R02", 5))},
        headers=committee,
    )
    address = {"X-Forwarded-For": "10.82.0.1"}
    page = await client.get(f"/board/{community}", headers=address)
    assert page.status_code == 200
    assert "1-001 李*英" in page.text and "李秀英" not in page.text
    assert "P50 子女考上大学" in page.text and "+50" in page.text
    assert "1-002 王*国" in page.text  # this month's red list
    head = await queries.community(pool, community)
    fingerprint = f"{head['head_hash'].hex()[:8]} {head['head_hash'].hex()[8:16]}…"
    assert f"本村记录共 {head['head_seq']} 条，最新记录指纹 {fingerprint}：与旧的打印凭证对照" in page.text

    no_reason = await submit(
        client,
        f"/board/{community}/objections",
        data={"award_seq": str(award_seq), "reason": ""},
        headers=address,
    )
    assert no_reason.status_code == 400
    assert (await queries.community(pool, community))["head_seq"] == head["head_seq"]
    sent = await submit(
        client,
        f"/board/{community}/objections",
        data={"award_seq": str(award_seq), "reason": "这户孩子今年并未考上大学"},
        headers=address,
    )
    assert sent.status_code == 200 and "异议已提交" in sent.text
    waiting = (await client.get(f"{staffed.api}/objections", headers=staffed.auth("supervisor"))).json()
    assert [(o["reason"], o["via"]) for o in waiting] == [("这户孩子今年并未考上大学", "board")]
    not_posted = await submit(
        client, f"/board/{community}/objections", data={"award_seq": "1", "reason": "不属实"}, headers=address
    )
    assert not_posted.status_code in (404, 409) and "未能提交" in not_posted.text


async def test_the_card_page_leads_to_its_board(pool, client, staffed):
    household = await add_household(pool, staffed.village, "1-001")
    card = await cards.issue_card(pool, staffed.village.community_id, None, household)
    page = await client.get(f"/c/{card.token}", headers={"X-Forwarded-For": "10.82.0.2"})
    assert f'href="/board/{staffed.village.community_id}"' in page.text
    assert (await client.get(f"/board/{staffed.village.community_id}")).status_code == 200


async def test_odd_or_foreign_objection_forms_are_refused_without_an_error(pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "1-001")
    award_seq = await award_in_publicity(client, staffed, household)
    head = (await queries.community(pool, community))["head_seq"]
    address = {"X-Forwarded-For": "10.82.0.3"}
    for seq in ("²", "9" * 5000, "-1", ""):
        odd = await submit(
            client,
            f"/board/{community}/objections",
            data={"award_seq": seq, "reason": "不属实"},
            headers=address,
        )
        assert odd.status_code == 400, seq
    foreign = await submit(
        client,
        f"/board/{community}/objections",
        data={"award_seq": str(award_seq), "reason": "不属实"},
        headers={**address, "Origin": "https://elsewhere.example"},
    )
    sandboxed = await submit(
        client,
        f"/board/{community}/objections",
        data={"award_seq": str(award_seq), "reason": "不属实"},
        headers={**address, "Origin": "null"},
    )
    assert (foreign.status_code, sandboxed.status_code) == (403, 403)
    assert (await queries.community(pool, community))["head_seq"] == head
