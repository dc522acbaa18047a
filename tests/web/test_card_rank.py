"""A card shows its household's place in the village this month and this year by points
earned (confirmed awards minus deductions in the period): ties share a rank, a household
with nothing counts as 0, and the rank is shown only where the community publishes its
black list (a rank counts deductions) — on the page and in the card's JSON alike."""

from __future__ import annotations

import pytest

from ledger.domain import commands
from ledger.services import cards, counter, reversals
from ledger.store import awards
from tests.support import add_household, add_rule, give_points, keep_the_day_from_turning, new_village

pytestmark = pytest.mark.anyio


async def _village_of_four(pool, *, black_board_public: bool):
    """Four households: 001 and 002 tied on 20 points, 003 with a deduction, 004 with nothing."""
    village = await new_village(pool)
    await keep_the_day_from_turning(pool, village)  # this month's and year's figures hold
    if black_board_public:
        await counter.change_policy(
            pool,
            village.community_id,
            village.staff["committee"],
            commands.ChangePolicy(black_board_public=True),
        )
    households = [await add_household(pool, village, f"00{n}") for n in range(1, 5)]
    await give_points(pool, village, households[0], 20)
    await give_points(pool, village, households[1], 15)
    await give_points(pool, village, households[1], 5)
    await give_points(pool, village, households[2], 10)
    await give_points(pool, village, households[2], -12)
    tokens = [(await cards.issue_card(pool, village.community_id, None, h)).token for h in households]
    return village, tokens


async def test_ties_share_a_rank_and_deductions_count(pool, client):
    _, tokens = await _village_of_four(pool, black_board_public=True)
    ranks = [(await cards.card_view(pool, token))["rank"] for token in tokens]
    this_month = [(r["month"]["rank"], r["month"]["points"], r["month"]["households"]) for r in ranks]
    # 001 and 002 share first place; nobody is second; 004 (0) is ahead of 003 (−2).
    assert this_month == [(1, 20, 4), (1, 20, 4), (4, -2, 4), (3, 0, 4)]
    assert [r["year"]["rank"] for r in ranks] == [1, 1, 4, 3]  # every award of this test is this year's

    page = await client.get(f"/c/{tokens[2]}")
    assert "<b>本月 第 4 名 / 共 4 户</b><br><b>本年 第 4 名 / 共 4 户</b>" in page.text
    english = await client.get(f"/c/{tokens[0]}", headers={"Accept-Language": "en"})
    assert "This month: no. 1 of 4 households" in english.text
    answer = (await client.get(f"/api/v1/cards/{tokens[1]}")).json()
    assert answer["rank"]["month"]["rank"] == 1
    assert answer["rank"]["month"]["households"] == 4
    assert answer["rank"]["year"]["period"] == answer["rank"]["month"]["period"][:4]


async def test_no_rank_where_the_black_list_is_private(pool, client):
    _, tokens = await _village_of_four(pool, black_board_public=False)
    assert (await cards.card_view(pool, tokens[0]))["rank"] is None
    page = await client.get(f"/c/{tokens[0]}")
    assert page.status_code == 200
    assert "名 / 共" not in page.text and "村内排名" not in page.text
    answer = (await client.get(f"/api/v1/cards/{tokens[0]}")).json()
    assert answer["rank"] is None
    assert answer["balance"]["spendable"] == 20  # the rest of the card as before


async def test_a_reversed_award_no_longer_counts(pool):
    village, tokens = await _village_of_four(pool, black_board_public=True)
    third = (await cards.card_holder(pool, tokens[2]))[1]
    rule = await add_rule(pool, village, "R30", 30)
    award = await awards.award(pool, village.community_id, None, third, rule, None, None, None, None, None)
    assert (await cards.card_view(pool, tokens[2]))["rank"]["month"]["rank"] == 1  # 28 points, alone ahead
    await reversals.reverse(
        pool,
        village.community_id,
        village.staff["supervisor"],
        frozenset({"supervisor"}),
        commands.Reverse(event_seq=award["event_seq"], reason="重复录入"),
        None,
    )
    month = (await cards.card_view(pool, tokens[2]))["rank"]["month"]
    assert (month["rank"], month["points"]) == (4, -2)
