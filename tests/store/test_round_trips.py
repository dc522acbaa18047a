"""On Citus: which workers each hot path talks to, and how often (DESIGN §5, issue 12).

Each use case runs through its service function on the server's own pool, watched
(tests/remote_commands.py): every command the coordinator issues to a worker is counted with
the worker it went to. They run only when the test database is a Citus coordinator
(ops/test-citus); on plain PostgreSQL there are no workers to count.
"""

from __future__ import annotations

import uuid

import pytest

from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.services import (
    awards,
    boards,
    cards,
    claims,
    counter,
    proposals,
    redemptions,
    reversals,
    rule_catalog,
)
from ledger.services.auth import Principal
from ledger.services.images import clean_image
from ledger.store import awards as award_store
from ledger.store import distribution
from ledger.store import groups as group_store
from ledger.store.group_commit import RedemptionBatcher
from tests.remote_commands import watching_pool
from tests.support import add_goods, add_household, add_rule, community_today, give_points, new_village, photo

pytestmark = [
    pytest.mark.anyio,
    # A watched connection goes back to the pool with its listener, which the pool then drops.
    pytest.mark.filterwarnings("ignore:.*active log listener:asyncpg.exceptions.InterfaceWarning"),
]


@pytest.fixture
async def citus(owner):
    if not await distribution.is_citus(owner):
        pytest.skip("the test database is not a Citus coordinator: there are no workers to count")
    return owner


@pytest.fixture
async def watched(citus, database_url):
    async with watching_pool(database_url) as (pool, remote):
        yield pool, remote


async def _worker_of(citus, community_id: uuid.UUID) -> str:
    """host:port of the worker holding the community's rows."""
    row = await citus.fetchrow(
        """SELECT nodename, nodeport FROM citus_shards
           WHERE shardid = get_shard_id_for_distribution_column('events', $1::uuid)""",
        community_id,
    )
    return f"{row['nodename']}:{row['nodeport']}"


async def _shop(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001", "王建国")
    await give_points(pool, village, household, 100)
    soap = await add_goods(pool, village, "G01", 5, 10)
    return village, household, soap


def _cart(household, goods, quantity=1) -> commands.Redeem:
    return commands.Redeem(
        household_id=household, lines=[commands.CartLine(goods_id=goods, quantity=quantity)]
    )


def _two_phase_free_on(sent, worker: str) -> None:
    """The commands all went to this one worker, and none was part of a two-phase commit."""
    assert sent.workers == {worker}
    assert sent.two_phase_commits == []


# ---- Commands -----------------------------------------------------------------------------


async def test_a_redemption_is_one_delegated_call_on_its_community_s_worker(citus, pool, watched):
    watched_pool, remote = watched
    village, household, soap = await _shop(pool)
    counter_id = village.staff["counter"]
    answer, sent = await remote.during(
        redemptions.redeem(
            RedemptionBatcher(watched_pool),
            village.community_id,
            counter_id,
            _cart(household, soap, 2),
            "k-1",
        )
    )
    assert answer["spendable_after"] == 90
    # One command, the whole redemption: no BEGIN … COMMIT around statements of its own, no
    # PREPARE TRANSACTION, and nothing for the other worker.
    assert sent.calling("ledger_redeem_batch") == sent.commands
    assert len(sent.commands) == 1
    _two_phase_free_on(sent, await _worker_of(citus, village.community_id))


async def test_a_sale_by_card_reads_the_card_and_redeems_on_one_worker(citus, pool, watched):
    watched_pool, remote = watched
    village, household, soap = await _shop(pool)
    card = await cards.issue_card(pool, village.community_id, None, household)
    principal = Principal(user_id=village.staff["counter"], username=village.usernames["counter"])
    by_card = commands.RedeemByCard(card=card.token, lines=[commands.CartLine(goods_id=soap, quantity=1)])
    answer, sent = await remote.during(
        counter.redeem_by_card(
            watched_pool, RedemptionBatcher(watched_pool), village.community_id, principal, by_card, "k-1"
        )
    )
    assert answer["spendable_after"] == 95
    _two_phase_free_on(sent, await _worker_of(citus, village.community_id))
    # The card, the key's replay, the PIN policy, the window and the cart: one delegated call.
    assert sent.calling("ledger_redeem_batch") == sent.commands
    assert len(sent.commands) == 1


# Today a direct award and a reversal check their rules in Python inside one transaction
# (the head lock, the replay, the links …): Citus does not delegate a call made inside a
# transaction, so each statement is a command to the worker. One worker all the same, and
# one ordinary commit there. The figures are today's, as bounds: more is a regression.
# Each includes the two statements of the month's activity count (schema/0025): the
# household's row and the community's month for an award; the reversed entry's month and
# the community's month for a reversal.
AWARD_COMMANDS_MAX = 16
REVERSAL_COMMANDS_MAX = 18


async def test_a_direct_award_touches_one_worker_in_one_transaction(citus, pool, watched):
    watched_pool, remote = watched
    village, household, _ = await _shop(pool)
    rule = await add_rule(pool, village, "R01", 10)
    command = commands.Award(household_id=household, rule_id=rule)
    answer, sent = await remote.during(
        awards.award(watched_pool, village.community_id, village.staff["committee"], command, None)
    )
    assert answer["points"] == 10
    _two_phase_free_on(sent, await _worker_of(citus, village.community_id))
    assert [command.text for command in sent.commands][-1] == "COMMIT"
    assert len(sent.commands) <= AWARD_COMMANDS_MAX


async def test_a_reversal_touches_one_worker_in_one_transaction(citus, pool, watched):
    watched_pool, remote = watched
    village, household, _ = await _shop(pool)
    awarded = await _award(pool, village, household)
    command = commands.Reverse(event_seq=awarded, reason="重复录入")
    answer, sent = await remote.during(
        reversals.reverse(
            watched_pool,
            village.community_id,
            village.staff["supervisor"],
            frozenset({"supervisor"}),
            command,
            None,
        )
    )
    assert answer["reversed_seq"] == awarded
    _two_phase_free_on(sent, await _worker_of(citus, village.community_id))
    assert [command.text for command in sent.commands][-1] == "COMMIT"
    assert len(sent.commands) <= REVERSAL_COMMANDS_MAX


async def test_a_ten_household_proposal_and_its_batch_approval_are_one_delegated_call_each(
    citus, pool, watched
):
    watched_pool, remote = watched
    village = await new_village(pool)
    households = [await add_household(pool, village, f"{number:03d}") for number in range(1, 11)]
    rule = await add_rule(pool, village, "R01", 10)
    worker = await _worker_of(citus, village.community_id)
    proposal = commands.Propose(rule_id=rule, household_ids=households)
    proposed, sent = await remote.during(
        proposals.propose(watched_pool, village.community_id, village.staff["scorer"], proposal)
    )
    assert len(proposed["proposal_ids"]) == 10
    assert sent.calling("ledger_propose") == sent.commands
    assert len(sent.commands) == 1
    _two_phase_free_on(sent, worker)
    decisions, sent = await remote.during(
        proposals.decide_batch(
            watched_pool,
            village.community_id,
            village.staff["committee"],
            frozenset({"committee"}),
            uuid.UUID(proposed["batch_id"]),
            commands.Decide(approve=True),
            shown=10,
        )
    )
    assert [decision["points"] for decision in decisions] == [10] * 10
    assert sent.calling("ledger_decide") == sent.commands
    assert len(sent.commands) == 1
    _two_phase_free_on(sent, worker)


async def test_a_residents_claim_with_its_photo_is_one_delegated_call(citus, pool, watched):
    watched_pool, remote = watched
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    rule = await add_rule(pool, village, "R02", 5)
    await rule_catalog.change_rule(
        pool, village.community_id, None, rule, commands.ChangeRule(claimable=True)
    )
    card = await cards.issue_card(pool, village.community_id, None, household)
    made, sent = await remote.during(
        claims.claim(
            watched_pool, card.token, commands.Claim(rule_id=rule, note="扫了巷子"), clean_image(photo())
        )
    )
    assert made["points"] == 5
    # The card's household read on its shard (its community found in card_tokens, on the
    # coordinator's copy), then the claim, its photo and both events in one delegated call.
    assert sent.calling("ledger_claim") == sent.commands[1:]
    assert len(sent.commands) == 2
    _two_phase_free_on(sent, await _worker_of(citus, village.community_id))


async def test_a_proposal_with_its_photo_is_one_delegated_call(citus, pool, watched):
    watched_pool, remote = watched
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    rule = await add_rule(pool, village, "R01", 10)
    evidence = clean_image(photo())
    proposal = commands.Propose(rule_id=rule, household_ids=[household])
    proposed, sent = await remote.during(
        proposals.propose(watched_pool, village.community_id, village.staff["scorer"], proposal, evidence)
    )
    assert len(proposed["proposal_ids"]) == 1
    assert sent.calling("ledger_propose") == sent.commands
    assert len(sent.commands) == 1
    _two_phase_free_on(sent, await _worker_of(citus, village.community_id))


async def test_a_scorer_s_proposal_within_their_grid_is_still_one_delegated_call(citus, pool, watched):
    """The grid check (scorer_grids, household_places, staff_roles) reads the community's
    shards and a reference table on its worker: the call stays whole, and so does a refusal."""
    watched_pool, remote = watched
    village = await new_village(pool)
    mine = await add_household(pool, village, "001")
    other = await add_household(pool, village, "002")
    rule = await add_rule(pool, village, "R01", 10)
    group, grid = uuid.uuid4(), uuid.uuid4()
    async with pool.acquire() as connection:
        await group_store.create_group(connection, village.community_id, None, group, "group", "一组", None)
        await group_store.create_group(connection, village.community_id, None, grid, "grid", "东片", group)
        await group_store.move_household(connection, village.community_id, None, mine, group, grid)
        await group_store.assign_grid(
            connection, village.community_id, None, village.staff["scorer"], grid, True
        )
    proposal = commands.Propose(rule_id=rule, household_ids=[mine])
    proposed, sent = await remote.during(
        proposals.propose(watched_pool, village.community_id, village.staff["scorer"], proposal)
    )
    assert len(proposed["proposal_ids"]) == 1
    assert sent.calling("ledger_propose") == sent.commands
    assert len(sent.commands) == 1
    _two_phase_free_on(sent, await _worker_of(citus, village.community_id))
    outside = commands.Propose(rule_id=rule, household_ids=[other])
    with pytest.raises(Refused) as refused:
        await proposals.propose(watched_pool, village.community_id, village.staff["scorer"], outside)
    assert refused.value.code == "outside_assigned_grid"


# ---- Reads --------------------------------------------------------------------------------


async def test_the_card_page_reads_its_community_s_worker_alone(citus, pool, watched):
    watched_pool, remote = watched
    village, household, _ = await _shop(pool)
    card = await cards.issue_card(pool, village.community_id, None, household)
    view, sent = await remote.during(cards.card_view(watched_pool, card.token))
    assert view["balance"]["spendable"] == 100
    _two_phase_free_on(sent, await _worker_of(citus, village.community_id))
    # The card, the household, its history, its awards in publicity, and for residents'
    # claims the rules open to them, the claims left today and its latest claims: one
    # statement routed whole to the community's shard (ledger/store/queries/card_page.py;
    # the token's community came from card_tokens, on the coordinator's copy).
    assert len(sent.commands) == 1


async def test_the_board_s_reads_touch_its_community_s_worker_alone(citus, pool, watched):
    watched_pool, remote = watched
    village, household, _ = await _shop(pool)
    worker = await _worker_of(citus, village.community_id)
    today = community_today()
    red_list, sent = await remote.during(
        boards.board(watched_pool, village.community_id, "red", today.year, today.month)
    )
    assert [entry["points"] for entry in red_list["entries"]] == [100]
    _two_phase_free_on(sent, worker)
    assert len(sent.commands) == 1  # the policy, the month's list and the chain's head: one statement
    publicity, sent = await remote.during(boards.publicity_board(watched_pool, village.community_id))
    assert publicity["items"] == []
    _two_phase_free_on(sent, worker)
    assert len(sent.commands) == 2  # the chain's head; what is in publicity


# ---- Two workers --------------------------------------------------------------------------

# Villages made until one lands on each worker (32 shards over two: a few do).
COMMUNITIES_TRIED_MAX = 20


async def test_two_communities_on_different_workers_are_each_served_by_their_own(citus, pool, watched):
    watched_pool, remote = watched
    workers = {
        row["worker"]
        for row in await citus.fetch(
            "SELECT DISTINCT nodename || ':' || nodeport AS worker FROM citus_shards WHERE table_name = 'events'::regclass"
        )
    }
    assert len(workers) == 2, "the test cluster has two workers"
    shops = {}
    for _ in range(COMMUNITIES_TRIED_MAX):
        village = await new_village(pool)
        shops.setdefault(await _worker_of(citus, village.community_id), village)
        if len(shops) == 2:
            break
    assert set(shops) == workers
    for worker, village in shops.items():
        household = await add_household(pool, village, "001")
        await give_points(pool, village, household, 20)
        soap = await add_goods(pool, village, "G01", 5, 10)
        answer, sent = await remote.during(
            redemptions.redeem(
                RedemptionBatcher(watched_pool),
                village.community_id,
                village.staff["counter"],
                _cart(household, soap),
                "k-1",
            )
        )
        assert answer["spendable_after"] == 15
        assert sent.calling("ledger_redeem_batch") == sent.commands
        _two_phase_free_on(sent, worker)


async def _award(pool, village, household) -> int:
    rule = await add_rule(pool, village, "R02", 10)
    awarded = await award_store.award(
        pool, village.community_id, None, household, rule, None, None, None, None, None
    )
    return awarded["event_seq"]
