"""Objections cannot hold awards hostage (issue 10, item 4): one open objection per award
from one address or one card, a few a day from each by the community's own calendar,
counted in the transaction that records the objection; and the supervision committee reads
a flood of objections on one award as one item."""

from __future__ import annotations

import asyncio
import datetime
import uuid

import pytest

from ledger import limits
from ledger.domain.errors import Refused
from ledger.services import cards
from ledger.store import publicity, queries
from ledger.store.queries import publicity as publicity_reads
from tests.api.steps import award_in_publicity
from tests.api.web import hidden_csrf, log_in, session_cookie, submit
from tests.support import PASSWORD, add_household, keep_the_day_from_turning

pytestmark = pytest.mark.anyio

A_DAY = datetime.timedelta(days=1)


async def _awards(client, staffed, pool, count: int) -> list[int]:
    """`count` awards in publicity, each to a household of its own (a rule each: rule codes
    are unique, so each takes its own points)."""
    seqs = []
    for n in range(count):
        household = await add_household(pool, staffed.village, f"9-{n:03}")
        seqs.append(await award_in_publicity(client, staffed, household, points=30 + n))
    return seqs


async def _recorded(pool, community_id: uuid.UUID) -> tuple[int, int]:
    """The head of the log and the open objections: what a refusal must leave as it was."""
    head = (await queries.community(pool, community_id))["head_seq"]
    return head, len(await publicity_reads.open_objections(pool, community_id))


async def _object(pool, community_id, seq: int, objector, today: datetime.date) -> dict:
    async with pool.acquire() as connection:
        return await publicity.raise_objection(
            connection, community_id, None, seq, "情况不实", objector, today
        )


async def test_a_second_open_objection_from_the_same_address_is_refused_and_another_address_may_object(
    pool, client, staffed
):
    community = staffed.village.community_id
    [seq] = await _awards(client, staffed, pool, 1)
    board = f"/api/v1/boards/{community}/objections"
    first = await client.post(
        board, json={"award_seq": seq, "reason": "这户孩子并未考上"}, headers={"X-Forwarded-For": "10.90.0.1"}
    )
    assert first.status_code == 201, first.text
    before = await _recorded(pool, community)

    again = await client.post(
        board, json={"award_seq": seq, "reason": "再说一遍：不属实"}, headers={"X-Forwarded-For": "10.90.0.1"}
    )
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    problem = again.json()
    assert problem["code"] == "already_exists"
    assert problem["detail"] == f"这个地址对公示 #{seq} 已有一条异议在等待核实，监督委员会会处理"
    assert await _recorded(pool, community) == before

    english = await client.post(
        board,
        json={"award_seq": seq, "reason": "not true"},
        headers={"X-Forwarded-For": "10.90.0.1", "Accept-Language": "en"},
    )
    assert english.json()["detail"] == (
        f"this address already has an open objection to item #{seq}; the supervision committee will look into it"
    )

    neighbour = await client.post(
        board, json={"award_seq": seq, "reason": "我也看见了"}, headers={"X-Forwarded-For": "10.90.0.2"}
    )
    assert neighbour.status_code == 201, neighbour.text
    assert await _recorded(pool, community) == (before[0] + 1, before[1] + 1)


async def test_a_second_open_objection_with_the_same_card_is_refused_until_the_first_is_decided(
    pool, client, staffed
):
    community = staffed.village.community_id
    [seq] = await _awards(client, staffed, pool, 1)
    objecting = await cards.issue_card(
        pool, community, None, await add_household(pool, staffed.village, "8-001")
    )
    other = await cards.issue_card(pool, community, None, await add_household(pool, staffed.village, "8-002"))
    first = await client.post(
        f"/api/v1/cards/{objecting.token}/objections", json={"award_seq": seq, "reason": "不实"}
    )
    assert first.status_code == 201, first.text
    before = await _recorded(pool, community)

    # From another address, but the same card: the card is what counts on a card's page.
    again = await client.post(
        f"/api/v1/cards/{objecting.token}/objections",
        json={"award_seq": seq, "reason": "还是不实"},
        headers={"X-Forwarded-For": "10.91.0.9"},
    )
    assert (again.status_code, again.json()["code"]) == (409, "already_exists")
    assert again.json()["detail"] == f"这张卡对公示 #{seq} 已有一条异议在等待核实，监督委员会会处理"
    assert await _recorded(pool, community) == before

    another_card = await client.post(
        f"/api/v1/cards/{other.token}/objections", json={"award_seq": seq, "reason": "不实"}
    )
    assert another_card.status_code == 201, another_card.text

    dismissed = await client.post(
        f"{staffed.api}/objections/{first.json()['objection_id']}/decision",
        json={"uphold": False, "reason": "经核实属实"},
        headers=staffed.auth("supervisor"),
    )
    assert dismissed.status_code == 200, dismissed.text
    # Decided, it holds nothing back: the card may object again (the day's count allows it).
    anew = await client.post(
        f"/api/v1/cards/{objecting.token}/objections", json={"award_seq": seq, "reason": "又有新情况"}
    )
    assert anew.status_code == 201, anew.text


async def test_the_per_day_limit_of_an_address_holds_exactly_and_a_new_day_allows_again(
    pool, client, staffed
):
    community = staffed.village.community_id
    day_max = limits.OBJECTIONS_PER_DAY_PER_ADDRESS
    seqs = await _awards(client, staffed, pool, day_max + 1)
    day = datetime.date(2031, 5, 6)  # named to the store: no clock decides this test
    address = publicity.Objector.from_board("10.92.0.1")
    for seq in seqs[:day_max]:
        await _object(pool, community, seq, address, day)
    before = await _recorded(pool, community)

    with pytest.raises(Refused) as refusal:
        await _object(pool, community, seqs[day_max], address, day)
    assert refusal.value.code == "rate_limited"
    assert (refusal.value.context["count"], refusal.value.context["limit"]) == (day_max, day_max)
    assert refusal.value.detail == f"{day_max} objections from this address today; at most {day_max} a day"
    assert await _recorded(pool, community) == before

    # Another address the same day, and the same address the next day, may object.
    await _object(pool, community, seqs[day_max], publicity.Objector.from_board("10.92.0.2"), day)
    await _object(pool, community, seqs[day_max], address, day + A_DAY)
    assert await _recorded(pool, community) == (before[0] + 2, before[1] + 2)


async def test_the_per_day_limit_of_a_card_holds_exactly_and_counts_decided_objections_too(
    pool, client, staffed
):
    community = staffed.village.community_id
    day_max = limits.OBJECTIONS_PER_DAY_PER_CARD
    seqs = await _awards(client, staffed, pool, day_max + 1)
    household = await add_household(pool, staffed.village, "8-003")
    card = publicity.Objector.with_card(household)
    day = datetime.date(2031, 5, 6)
    raised = [await _object(pool, community, seq, card, day) for seq in seqs[:day_max]]
    async with pool.acquire() as connection:
        await publicity.decide_objection(
            connection,
            community,
            staffed.village.staff["supervisor"],
            uuid.UUID(raised[0]["objection_id"]),
            False,
            "属实",
        )
    before = await _recorded(pool, community)

    # A dismissed objection still counts against its day: dismissing does not refill it.
    with pytest.raises(Refused) as refusal:
        await _object(pool, community, seqs[day_max], card, day)
    assert refusal.value.code == "rate_limited"
    assert refusal.value.detail == f"{day_max} objections from this card today; at most {day_max} a day"
    assert await _recorded(pool, community) == before
    # The board's address is counted apart from the card.
    await _object(pool, community, seqs[day_max], publicity.Objector.from_board("10.93.0.1"), day)
    await _object(pool, community, seqs[day_max], card, day + A_DAY)


async def test_the_day_is_over_answers_429_with_the_numbers_and_when_to_come_back(pool, client, staffed):
    """Over HTTP the day is the community's own; the allowance is used up through the store
    on that same day, then the board's form and API are refused."""
    community = staffed.village.community_id
    day_max = limits.OBJECTIONS_PER_DAY_PER_ADDRESS
    today = await keep_the_day_from_turning(pool, staffed.village)
    seqs = await _awards(client, staffed, pool, day_max + 1)
    address = "10.94.0.1"
    for seq in seqs[:day_max]:
        await _object(pool, community, seq, publicity.Objector.from_board(address), today)
    before = await _recorded(pool, community)
    refused = await client.post(
        f"/api/v1/boards/{community}/objections",
        json={"award_seq": seqs[day_max], "reason": "不属实"},
        headers={"X-Forwarded-For": address},
    )
    page = await submit(
        client,
        f"/board/{community}/objections",
        data={"award_seq": str(seqs[day_max]), "reason": "不属实"},
        headers={"X-Forwarded-For": address},
    )
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert refused.json()["detail"] == f"今天这个地址已提出 {day_max} 条异议，每天最多 {day_max} 条"
    assert 0 < int(refused.headers["Retry-After"]) <= 24 * 3600  # until the community's day turns
    assert page.status_code == 429
    assert f"未能提交：今天这个地址已提出 {day_max} 条异议，每天最多 {day_max} 条" in page.text
    assert await _recorded(pool, community) == before


async def test_concurrent_objections_cannot_pass_the_limits_together(pool, client, staffed):
    """Counted under the head lock in the recording transaction: of many posts at once from
    one address to one award exactly one is recorded; to many awards, exactly a day's worth."""
    community = staffed.village.community_id
    day_max = limits.OBJECTIONS_PER_DAY_PER_ADDRESS
    await keep_the_day_from_turning(pool, staffed.village)
    seqs = await _awards(client, staffed, pool, day_max + 3)
    board = f"/api/v1/boards/{community}/objections"

    async def post(seq: int, address: str) -> int:
        answer = await client.post(
            board, json={"award_seq": seq, "reason": "不属实"}, headers={"X-Forwarded-For": address}
        )
        return answer.status_code

    one_award = await asyncio.gather(*(post(seqs[0], "10.95.0.1") for _ in range(10)))
    assert sorted(one_award) == [201] + [409] * 9
    many_awards = await asyncio.gather(*(post(seq, "10.95.0.2") for seq in seqs))
    assert sorted(many_awards) == [201] * day_max + [429] * (len(seqs) - day_max)
    assert len(await publicity_reads.open_objections(pool, community)) == 1 + day_max


async def test_the_supervision_committee_reads_a_flood_on_one_award_as_one_item(pool, client, staffed):
    community = staffed.village.community_id
    flooded, single, untouched = await _awards(client, staffed, pool, 3)
    flood = limits.OBJECTIONS_SHOWN_PER_AWARD + 2
    board = f"/api/v1/boards/{community}/objections"
    for n in range(flood):
        answer = await client.post(
            board,
            json={"award_seq": flooded, "reason": f"不属实 {n}"},
            headers={"X-Forwarded-For": f"10.96.1.{n + 1}"},
        )
        assert answer.status_code == 201, answer.text
    await client.post(
        board,
        json={"award_seq": single, "reason": "那天他不在村里"},
        headers={"X-Forwarded-For": "10.96.2.1"},
    )

    grouped = (
        await client.get(f"{staffed.api}/objections/by-award", headers=staffed.auth("supervisor"))
    ).json()
    assert [(a["award_seq"], a["open_objections"], len(a["objections"])) for a in grouped] == [
        (flooded, flood, limits.OBJECTIONS_SHOWN_PER_AWARD),
        (single, 1, 1),
    ]
    first = grouped[0]
    assert (first["household_number"], first["points"], first["in_publicity"]) == ("9-000", 30, True)
    assert [o["reason"] for o in first["objections"]] == [
        f"不属实 {n}" for n in range(limits.OBJECTIONS_SHOWN_PER_AWARD)
    ]  # the oldest first
    assert grouped[1]["objections"][0]["reason"] == "那天他不在村里"

    cookie = session_cookie(await log_in(client, staffed.village.usernames["supervisor"], PASSWORD))
    page = (await client.get(f"/staff/{community}/objections", headers=cookie)).text
    assert page.count(f"公示 #{flooded}") == 1
    assert page.count(f"公示 #{single}") == 1
    assert f"公示 #{untouched}" not in page
    assert f"异议 {flood} 条" in page and "异议 1 条" in page
    assert "另有 2 条未列出" in page
    assert page.count('name="objection_id"') == limits.OBJECTIONS_SHOWN_PER_AWARD + 1
    assert "不属实 0" in page and "那天他不在村里" in page

    # Each listed objection keeps its own ruling form; upholding one rejects the award.
    ruled = await submit(
        client,
        f"/staff/{community}/objections",
        data={
            "csrf_token": hidden_csrf(page),
            "objection_id": grouped[1]["objections"][0]["objection_id"],
            "decision": "uphold",
            "reason": "经核实不属实",
        },
        headers=cookie,
    )
    assert "异议成立，该项加分不予确认" in ruled.text
    assert f"公示 #{single}" not in ruled.text
