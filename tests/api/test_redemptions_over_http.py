"""Redemptions over real HTTP: races, retries and the all-or-nothing cart."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from ledger.store import integrity, queries
from tests.support import add_goods, add_household, give_points

pytestmark = pytest.mark.anyio


async def _race(client, staffed, household, goods_id, racers):
    async def one():
        return await client.post(
            f"{staffed.api}/redemptions",
            json={"household_id": str(household), "lines": [{"goods_id": str(goods_id), "quantity": 1}]},
            headers={**staffed.auth("counter"), "Idempotency-Key": uuid.uuid4().hex},
        )

    return await asyncio.gather(*[one() for _ in range(racers)])


@pytest.mark.parametrize(
    ("points", "price", "stock", "affordable"),
    [
        (100, 7, 500, 14),  # the balance runs out first
        (10_000, 5, 9, 9),  # the shelf runs out first
    ],
    ids=["points-limited", "stock-limited"],
)
async def test_200_simultaneous_redemptions_sell_exactly_what_is_affordable(
    pool, client, staffed, points, price, stock, affordable
):
    village = staffed.village
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, points)
    goods_id = await add_goods(pool, village, "G01", price, stock)

    answers = await _race(client, staffed, household, goods_id, 200)

    statuses = [answer.status_code for answer in answers]
    assert statuses.count(201) == affordable
    assert statuses.count(409) == 200 - affordable
    expected_code = "insufficient_points" if points // price < stock else "insufficient_stock"
    assert {answer.json()["code"] for answer in answers if answer.status_code == 409} == {expected_code}
    figures = await queries.household(pool, village.community_id, household)
    assert figures["spendable"] == points - affordable * price
    assert (await queries.goods_item(pool, village.community_id, goods_id))["stock"] == stock - affordable
    after = sorted(answer.json()["spendable_after"] for answer in answers if answer.status_code == 201)
    assert after == [points - n * price for n in range(affordable, 0, -1)]
    report = await integrity.verify(pool, village.community_id)
    assert report is not None and report.ok
    assert await integrity.check_rebuild(pool, village.community_id) == []


async def test_a_replay_answers_the_first_answer_and_appends_nothing(pool, client, staffed):
    village = staffed.village
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 10)
    goods_id = await add_goods(pool, village, "G01", 5, 10)
    cart = {"household_id": str(household), "lines": [{"goods_id": str(goods_id), "quantity": 2}]}
    headers = {**staffed.auth("counter"), "Idempotency-Key": "till-1-receipt-0001"}

    first = await client.post(f"{staffed.api}/redemptions", json=cart, headers=headers)
    head = (await queries.community(pool, village.community_id))["head_seq"]
    replay = await client.post(f"{staffed.api}/redemptions", json=cart, headers=headers)

    assert first.status_code == replay.status_code == 201
    assert replay.json() == first.json()
    assert first.headers["Idempotent-Replayed"] == "false"
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert (await queries.community(pool, village.community_id))["head_seq"] == head

    other = {**cart, "lines": [{"goods_id": str(goods_id), "quantity": 1}]}
    conflict = await client.post(f"{staffed.api}/redemptions", json=other, headers=headers)
    assert conflict.status_code == 409
    assert conflict.headers["content-type"].startswith("application/problem+json")
    assert conflict.json()["code"] == "idempotency_conflict"
    assert (await queries.community(pool, village.community_id))["head_seq"] == head


async def test_a_sale_retried_ten_times_at_once_with_one_key_is_one_sale(pool, client, staffed):
    village = staffed.village
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 100)
    goods_id = await add_goods(pool, village, "G01", 5, 10)
    cart = {"household_id": str(household), "lines": [{"goods_id": str(goods_id), "quantity": 1}]}
    headers = {**staffed.auth("counter"), "Idempotency-Key": "flaky-network-retry"}

    answers = await asyncio.gather(
        *[client.post(f"{staffed.api}/redemptions", json=cart, headers=headers) for _ in range(10)]
    )

    assert [answer.status_code for answer in answers] == [201] * 10
    assert len({answer.json()["redemption_id"] for answer in answers}) == 1
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 95
    assert (await queries.goods_item(pool, village.community_id, goods_id))["stock"] == 9


async def test_a_redemption_needs_an_idempotency_key(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    answer = await client.post(
        f"{staffed.api}/redemptions",
        json={"household_id": str(household), "lines": [{"goods_id": str(uuid.uuid4()), "quantity": 1}]},
        headers=staffed.auth("counter"),
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "validation_failed"
