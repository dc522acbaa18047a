"""The public reads in statements on plain PostgreSQL: the card page and the month's red list
each read in as few statements as their parts allow (on Citus, tests/store/test_round_trips.py
counts the workers' commands)."""

from __future__ import annotations

import pytest

from ledger.domain import commands
from ledger.services import boards, cards, counter, rule_catalog
from tests.statements import counting_pool
from tests.support import add_household, add_rule, community_today, give_points, new_village

pytestmark = pytest.mark.anyio


async def test_the_card_page_is_the_token_s_look_up_and_one_statement(pool, database_url):
    village = await new_village(pool)
    household = await add_household(pool, village, "001", "王建国")
    await give_points(pool, village, household, 100)
    rule = await add_rule(pool, village, "R02", 5)
    await rule_catalog.change_rule(
        pool, village.community_id, village.staff["committee"], rule, commands.ChangeRule(claimable=True)
    )
    card = await cards.issue_card(pool, village.community_id, None, household)
    async with counting_pool(database_url) as (counted, statements):
        view, sent = await statements.during(lambda: cards.card_view(counted, card.token))
    assert view is not None and view["balance"]["spendable"] == 100
    assert [rule["name"] for rule in view["claimable_rules"]] == ["规则R02"]
    # The token's community (card_tokens), then the card, household, history, awards in
    # publicity and claims section in one; the rank is not shown by this village's policy.
    assert view["rank"] is None
    assert len(sent) == 2


async def test_where_ranks_are_shown_the_card_page_reads_them_in_one_statement_more(pool, database_url):
    village = await new_village(pool)
    await counter.change_policy(
        pool, village.community_id, village.staff["committee"], commands.ChangePolicy(black_board_public=True)
    )
    household = await add_household(pool, village, "001", "王建国")
    await give_points(pool, village, household, 100)
    card = await cards.issue_card(pool, village.community_id, None, household)
    async with counting_pool(database_url) as (counted, statements):
        view, sent = await statements.during(lambda: cards.card_view(counted, card.token))
    assert view is not None and view["rank"]["month"]["rank"] == view["rank"]["year"]["rank"] == 1
    # The token's look-up, the page, and the household's standing this month and this year.
    assert len(sent) == 3


async def test_the_month_s_red_list_is_one_statement(pool, database_url):
    village = await new_village(pool)
    household = await add_household(pool, village, "001", "王建国")
    await give_points(pool, village, household, 100)
    today = community_today()
    async with counting_pool(database_url) as (counted, statements):
        red_list, sent = await statements.during(
            lambda: boards.board(counted, village.community_id, "red", today.year, today.month)
        )
    assert [entry["points"] for entry in red_list["entries"]] == [100]
    # The policy, today, the list and the chain's head, from one snapshot.
    assert len(sent) == 1
