"""The commands against real PostgreSQL: what each does to balances, stock and the log."""

from __future__ import annotations

import uuid

import pytest

from ledger.domain.errors import Refused
from ledger.store import awards, integrity, queries, reversals
from tests.support import add_goods, add_household, add_rule, give_points, new_village, redeem

pytestmark = pytest.mark.anyio


async def test_an_award_adds_to_spendable_and_honour(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    rule = await add_rule(pool, village, "R01", 10)
    answer = await awards.award(
        pool, village.community_id, None, household, rule, "张三", "扫雪", None, None, None
    )
    assert answer["kind"] == "award.confirmed"
    assert answer["points"] == 10
    row = await queries.household(pool, village.community_id, household)
    assert (row["spendable"], row["pending"], row["honour"]) == (10, 0, 10)


async def test_a_deduction_without_the_overdraw_policy_empties_spendable_but_takes_all_honour(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 5)
    fine = await add_rule(pool, village, "R20", -20)
    answer = await awards.award(
        pool, village.community_id, None, household, fine, None, None, None, None, None
    )
    assert answer["kind"] == "deduction.recorded"
    row = await queries.household(pool, village.community_id, household)
    assert (row["spendable"], row["honour"]) == (0, -15)


async def test_a_deduction_with_the_overdraw_policy_leaves_a_debt(pool):
    village = await new_village(pool, deduction_may_overdraw=True)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 5)
    fine = await add_rule(pool, village, "R20", -20)
    await awards.award(pool, village.community_id, None, household, fine, None, None, None, None, None)
    row = await queries.household(pool, village.community_id, household)
    assert (row["spendable"], row["honour"]) == (-15, -15)


async def test_a_redemption_takes_points_and_stock_and_prices_at_the_moment(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 100)
    soap = await add_goods(pool, village, "G01", 5, 10)
    oil = await add_goods(pool, village, "G11", 30, 2)
    answer = await redeem(
        pool, village.community_id, household, sorted([(soap, 3), (oil, 2)]), "k1", b"d" * 32
    )
    assert answer["points"] == 75
    assert answer["spendable_after"] == 25
    assert sorted((line["code"], line["points_each"], line["quantity"]) for line in answer["lines"]) == [
        ("G01", 5, 3),
        ("G11", 30, 2),
    ]
    assert (await queries.goods_item(pool, village.community_id, soap))["stock"] == 7
    assert (await queries.goods_item(pool, village.community_id, oil))["stock"] == 0


async def test_a_cart_is_all_or_nothing(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 100)
    soap = await add_goods(pool, village, "G01", 5, 10)
    oil = await add_goods(pool, village, "G11", 30, 1)
    head_before = (await queries.community(pool, village.community_id))["head_seq"]
    with pytest.raises(Refused) as refusal:
        await redeem(pool, village.community_id, household, sorted([(soap, 1), (oil, 2)]), None, None)
    assert refusal.value.code == "insufficient_stock"
    assert (await queries.goods_item(pool, village.community_id, soap))["stock"] == 10
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 100
    assert (await queries.community(pool, village.community_id))["head_seq"] == head_before


async def test_a_redemption_never_overspends(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 9)
    soap = await add_goods(pool, village, "G01", 5, 10)
    with pytest.raises(Refused) as refusal:
        await redeem(pool, village.community_id, household, [(soap, 2)], None, None)
    assert refusal.value.code == "insufficient_points"
    assert refusal.value.context == {"spendable": 9, "points": 10}


async def test_unknown_household_goods_and_rules_are_not_found(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    for attempt in (
        redeem(pool, village.community_id, uuid.uuid4(), [(uuid.uuid4(), 1)], None, None),
        redeem(pool, village.community_id, household, [(uuid.uuid4(), 1)], None, None),
        awards.award(pool, village.community_id, None, household, uuid.uuid4(), None, None, None, None, None),
        reversals.reverse(pool, village.community_id, None, 10_000, "错误", None, None),
    ):
        with pytest.raises(Refused) as refusal:
            await attempt
        assert refusal.value.code == "not_found"


async def test_a_replay_answers_the_first_answer_and_appends_nothing(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 10)
    soap = await add_goods(pool, village, "G01", 5, 10)
    first = await redeem(pool, village.community_id, household, [(soap, 2)], "key-1", b"a" * 32)
    head = (await queries.community(pool, village.community_id))["head_seq"]
    # The balance is now 0: without idempotency this would be insufficient_points.
    again = await redeem(pool, village.community_id, household, [(soap, 2)], "key-1", b"a" * 32)
    assert again.pop("replayed") is True
    assert first.pop("replayed") is False
    assert again == first
    assert (await queries.community(pool, village.community_id))["head_seq"] == head
    with pytest.raises(Refused) as refusal:
        await redeem(pool, village.community_id, household, [(soap, 1)], "key-1", b"b" * 32)
    assert refusal.value.code == "idempotency_conflict"


async def test_a_reversal_restores_exactly_once_and_never_of_a_reversal(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 50)
    soap = await add_goods(pool, village, "G01", 5, 10)
    sale = await redeem(pool, village.community_id, household, [(soap, 4)], None, None)
    reversal = await reversals.reverse(
        pool, village.community_id, None, sale["event_seq"], "扫错了", None, None
    )
    assert reversal["reversed_seq"] == sale["event_seq"]
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 50
    assert (await queries.goods_item(pool, village.community_id, soap))["stock"] == 10
    for seq, code in ((sale["event_seq"], "already_reversed"), (reversal["event_seq"], "not_reversible")):
        with pytest.raises(Refused) as refusal:
            await reversals.reverse(pool, village.community_id, None, seq, "再来一次", None, None)
        assert refusal.value.code == code
    assert await integrity.check_rebuild(pool, village.community_id) == []


async def test_reversing_an_award_already_spent_is_refused_without_the_overdraw_policy(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    rule = await add_rule(pool, village, "R01", 10)
    award = await awards.award(
        pool, village.community_id, None, household, rule, None, None, None, None, None
    )
    soap = await add_goods(pool, village, "G01", 5, 10)
    await redeem(pool, village.community_id, household, [(soap, 1)], None, None)
    with pytest.raises(Refused) as refusal:
        await reversals.reverse(pool, village.community_id, None, award["event_seq"], "评错了", None, None)
    assert refusal.value.code == "insufficient_points"


async def test_the_log_verifies_and_rebuilds_after_commands(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 30)
    report = await integrity.verify(pool, village.community_id)
    assert report is not None
    assert report.ok, report.problem
    assert report.events == report.head_seq
    assert await integrity.check_rebuild(pool, village.community_id) == []
