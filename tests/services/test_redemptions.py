"""A redemption as a use case, without HTTP: through the batcher, with the window, fairness,
points and stock checked in the batch's own transaction (ledger_redeem_after), and a retry
answered as the first."""

from __future__ import annotations

import pytest

from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.services import counter, redemptions
from ledger.store import fairness, queries
from ledger.store.group_commit import RedemptionBatcher
from tests.support import add_goods, add_household, give_points, new_village

pytestmark = pytest.mark.anyio


async def _shop(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 100)
    soap = await add_goods(pool, village, "G01", 5, 10)
    return village, household, soap


async def _redeem(pool, village, household, soap, quantity=2, key="k-1"):
    cart = commands.Redeem(
        household_id=household, lines=[commands.CartLine(goods_id=soap, quantity=quantity)]
    )
    return await redemptions.redeem(
        RedemptionBatcher(pool), village.community_id, village.staff["counter"], cart, key
    )


async def _refused(call) -> Refused:
    with pytest.raises(Refused) as refused:
        await call
    return refused.value


async def test_a_cart_is_redeemed_whole(pool):
    village, household, soap = await _shop(pool)
    answer = await _redeem(pool, village, household, soap, 3)
    assert (answer["points"], answer["spendable_after"], answer["replayed"]) == (15, 85, False)
    assert (await queries.goods_item(pool, village.community_id, soap))["stock"] == 7


async def test_a_retry_answers_the_first_and_redeems_once(pool):
    village, household, soap = await _shop(pool)
    first = await _redeem(pool, village, household, soap)
    again = await _redeem(pool, village, household, soap)
    assert (again["replayed"], again["event_seq"]) == (True, first["event_seq"])
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 90
    assert (await _refused(_redeem(pool, village, household, soap, 1))).code == "idempotency_conflict"


async def test_nobody_redeems_for_a_household_linked_to_them(pool):
    village, household, soap = await _shop(pool)
    async with pool.acquire() as connection:
        await fairness.link(
            connection, village.community_id, None, village.staff["counter"], household, "own"
        )
    assert (await _refused(_redeem(pool, village, household, soap))).code == "conflict_of_interest"


async def test_nothing_is_redeemed_while_the_window_is_closed(pool):
    village, household, soap = await _shop(pool)
    await counter.change_policy(
        pool,
        village.community_id,
        village.staff["committee"],
        commands.ChangePolicy(redemption_window="closed"),
    )
    assert (await _refused(_redeem(pool, village, household, soap))).code == "redemption_window_closed"
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 100
