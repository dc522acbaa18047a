"""The township's overview counts what a village really redeemed: a sale since cancelled at
the counter or reversed by the supervision committee gave its points back."""

from __future__ import annotations

import pytest

from ledger.domain import events as kinds
from ledger.store import reversals
from ledger.store.queries import overview
from tests.support import add_goods, add_household, give_points, new_village, redeem

pytestmark = pytest.mark.anyio


async def test_redeemed_this_month_leaves_out_cancelled_and_reversed_sales(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 100)
    soap = await add_goods(pool, village, "RY001", 5, 20)
    kept = await redeem(pool, village.community_id, household, [(soap, 3)])  # 15 points
    cancelled = await redeem(pool, village.community_id, household, [(soap, 2)])  # 10
    reversed_ = await redeem(pool, village.community_id, household, [(soap, 4)])  # 20
    await reversals.reverse(
        pool,
        village.community_id,
        None,
        cancelled["event_seq"],
        "刷错了卡",
        None,
        None,
        kinds.REDEMPTION_CANCELLED,
    )
    await reversals.reverse(pool, village.community_id, None, reversed_["event_seq"], "重复兑换", None, None)
    [row] = await overview.communities(pool, [village.community_id])
    assert kept["points"] == 15
    assert row["redeemed_this_month"] == 15
