"""The counter as its staff use it: scan, PIN, sell, receipt, cancel; and the window."""

from __future__ import annotations

import asyncio
import datetime
import uuid
import zoneinfo

import pytest

from ledger.services import cards
from ledger.store import integrity, queries
from tests.support import add_goods, add_household, give_points, new_village, session_token

pytestmark = pytest.mark.anyio


async def _shop(pool, staffed, points: int = 100, stock: int = 10):
    household = await add_household(pool, staffed.village, "001", "王建国")
    await give_points(pool, staffed.village, household, points)
    soap = await add_goods(pool, staffed.village, "G01", 5, stock)
    card = await cards.issue_card(pool, staffed.village.community_id, None, household)
    return household, soap, card


async def _sell(client, staffed, card: str, goods, quantity=1, pin=None, key=None, role="counter"):
    body = {"card": card, "lines": [{"goods_id": str(goods), "quantity": quantity}]}
    if pin is not None:
        body["pin"] = pin
    return await client.post(
        f"{staffed.api}/redemptions/by-card",
        json=body,
        headers={**staffed.auth(role), "Idempotency-Key": key or uuid.uuid4().hex},
    )


async def test_a_sale_by_scan_or_short_code_prints_a_receipt(pool, client, staffed):
    household, soap, card = await _shop(pool, staffed)
    scanned = await _sell(client, staffed, f"http://村里/c/{card.token}", soap, 2)
    typed = await _sell(client, staffed, card.short_code.lower(), soap, 1)
    assert (scanned.status_code, typed.status_code) == (201, 201)
    assert scanned.json()["receipt_number"].startswith("No.")
    assert typed.json()["spendable_after"] == 85
    receipt = await client.get(
        f"{staffed.api}/redemptions/{scanned.json()['event_seq']}/receipt", headers=staffed.auth("counter")
    )
    assert "58mm" in receipt.text
    assert "商品G01 ×2" in receipt.text
    assert "王*国" in receipt.text and "王建国" not in receipt.text
    assert "合计：10 分" in receipt.text


async def test_the_pin_locks_after_five_wrong_tries_even_for_the_right_one_until_unlocked(
    pool, client, staffed
):
    household, soap, card = await _shop(pool, staffed)
    await client.patch(
        f"{staffed.api}/policy", json={"counter_pin_required": True}, headers=staffed.auth("committee")
    )
    no_pin_set = await _sell(client, staffed, card.token, soap)
    await client.post(
        f"{staffed.api}/households/{household}/pin", json={"pin": "2468"}, headers=staffed.auth("counter")
    )
    missing = await _sell(client, staffed, card.token, soap)
    wrong = [await _sell(client, staffed, card.token, soap, pin="1111") for _ in range(5)]
    right_but_locked = await _sell(client, staffed, card.token, soap, pin="2468")
    assert no_pin_set.json()["code"] == "pin_required"
    assert missing.json()["code"] == "pin_required"
    assert [a.json()["code"] for a in wrong] == ["pin_wrong"] * 4 + ["pin_locked"]
    assert right_but_locked.status_code == 423
    assert right_but_locked.json()["code"] == "pin_locked"
    counter_unlock = await client.post(
        f"{staffed.api}/households/{household}/pin/unlock", headers=staffed.auth("counter")
    )
    assert counter_unlock.status_code == 403
    unlocked = await client.post(
        f"{staffed.api}/households/{household}/pin/unlock", headers=staffed.auth("committee")
    )
    assert unlocked.json() == {"unlocked": True}
    assert (await _sell(client, staffed, card.token, soap, pin="2468")).status_code == 201
    assert (await queries.household(pool, staffed.village.community_id, household))["spendable"] == 95


async def test_a_closed_window_refuses_sales_and_a_monthly_day_opens_it(pool, client, staffed):
    _, soap, card = await _shop(pool, staffed)
    committee = staffed.auth("committee")
    await client.patch(f"{staffed.api}/policy", json={"redemption_window": "closed"}, headers=committee)
    closed = await _sell(client, staffed, card.token, soap)
    assert (closed.status_code, closed.json()["code"]) == (409, "redemption_window_closed")
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).day
    impossible = await client.patch(
        f"{staffed.api}/policy", json={"redemption_window": "monthly_day"}, headers=committee
    )
    assert impossible.status_code == 400
    other_day = today % 28 + 1
    await client.patch(
        f"{staffed.api}/policy",
        json={"redemption_window": "monthly_day", "redemption_day": other_day},
        headers=committee,
    )
    if today <= 28:  # days 29–31 can never be the monthly day
        assert (await _sell(client, staffed, card.token, soap)).status_code == 409
        await client.patch(f"{staffed.api}/policy", json={"redemption_day": today}, headers=committee)
        assert (await _sell(client, staffed, card.token, soap)).status_code == 201
    policy = (await client.get(f"{staffed.api}/policy", headers=staffed.auth("scorer"))).json()
    assert policy["redemption_window"] == "monthly_day"


async def test_the_same_counter_user_cancels_the_same_day_exactly_once(pool, client, staffed, owner):
    household, soap, card = await _shop(pool, staffed)
    sale = (await _sell(client, staffed, card.token, soap, 3)).json()
    other_counter = await session_token(pool, (await _second_counter(pool, owner, staffed)))
    by_other = await client.post(
        f"{staffed.api}/redemptions/{sale['event_seq']}/cancel",
        json={"reason": "扫错"},
        headers={"Authorization": f"Bearer {other_counter}"},
    )
    cancelled = await client.post(
        f"{staffed.api}/redemptions/{sale['event_seq']}/cancel",
        json={"reason": "扫错"},
        headers=staffed.auth("counter"),
    )
    again = await client.post(
        f"{staffed.api}/redemptions/{sale['event_seq']}/cancel",
        json={"reason": "扫错"},
        headers=staffed.auth("counter"),
    )
    reversal = await client.post(
        f"{staffed.api}/reversals",
        json={"event_seq": sale["event_seq"], "reason": "再撤"},
        headers=staffed.auth("supervisor"),
    )
    assert by_other.status_code == 403
    assert cancelled.json()["kind"] == "redemption.cancelled"
    assert again.json()["code"] == "already_reversed"
    assert reversal.json()["code"] == "already_reversed"
    assert (await queries.household(pool, staffed.village.community_id, household))["spendable"] == 100
    assert (await queries.goods_item(pool, staffed.village.community_id, soap))["stock"] == 10
    receipt = await client.get(
        f"{staffed.api}/redemptions/{sale['event_seq']}/receipt", headers=staffed.auth("counter")
    )
    assert "已撤销" in receipt.text
    assert await integrity.check_rebuild(pool, staffed.village.community_id) == []


async def _second_counter(pool, owner, staffed) -> uuid.UUID:
    from ledger.store import accounts
    from ledger.store import staff as store

    user_id = await accounts.create_user(pool, uuid.uuid4(), f"c{uuid.uuid4().hex[:10]}", "", "x")
    async with pool.acquire() as connection:
        await store.grant_role(connection, staffed.village.community_id, None, user_id, "second", "counter")
    return user_id


async def test_a_hundred_households_race_for_the_last_five_units(pool, client, staffed):
    village = staffed.village
    rice = await add_goods(pool, village, "G10", 50, 5)
    tokens = []
    for number in range(100):
        household = await add_household(pool, village, f"{number:03d}")
        await give_points(pool, village, household, 60)
        tokens.append((await cards.issue_card(pool, village.community_id, None, household)).token)
    answers = await asyncio.gather(*[_sell(client, staffed, token, rice) for token in tokens])
    statuses = [a.status_code for a in answers]
    assert statuses.count(201) == 5
    assert statuses.count(409) == 95
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {"insufficient_stock"}
    assert (await queries.goods_item(pool, village.community_id, rice))["stock"] == 0


async def test_a_sale_retried_ten_times_with_one_key_is_one_sale(pool, client, staffed):
    household, soap, card = await _shop(pool, staffed)
    answers = await asyncio.gather(
        *[_sell(client, staffed, card.token, soap, 2, key="till-7-0042") for _ in range(10)]
    )
    assert [a.status_code for a in answers] == [201] * 10
    assert len({a.json()["redemption_id"] for a in answers}) == 1
    assert (await queries.household(pool, staffed.village.community_id, household))["spendable"] == 90


async def test_a_card_from_another_community_sells_nothing_here(pool, client, staffed):
    _, soap, _ = await _shop(pool, staffed)
    elsewhere = await new_village(pool)
    stranger = await add_household(pool, elsewhere, "009")
    card = await cards.issue_card(pool, elsewhere.community_id, None, stranger)
    answer = await _sell(client, staffed, card.token, soap)
    assert answer.status_code == 404
