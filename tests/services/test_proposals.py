"""Propose → decide as use cases, without HTTP: fairness for the proposer and the decider,
staff households for the supervision committee, maker-checker, and "every household" leaving
out those linked to the proposer — fairness read in the transaction that records each step."""

from __future__ import annotations

import uuid

import pytest

from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.services import proposals
from ledger.store import fairness, queries
from tests.services.concurrency import head_held, started_and_waiting
from tests.support import add_household, add_rule, new_village

pytestmark = pytest.mark.anyio

COMMITTEE = frozenset({"committee"})
SUPERVISION = frozenset({"supervisor"})


async def _village(pool):
    village = await new_village(pool)
    first = await add_household(pool, village, "001")
    second = await add_household(pool, village, "002")
    rule = await add_rule(pool, village, "R01", 10)
    return village, [first, second], rule


async def _link(pool, village, role, household, kind="own"):
    async with pool.acquire() as connection:
        await fairness.link(connection, village.community_id, None, village.staff[role], household, kind)


async def _propose(pool, village, rule, households, role="scorer"):
    command = commands.Propose(rule_id=rule, household_ids=households)
    return await proposals.propose(pool, village.community_id, village.staff[role], command)


async def _decide(pool, village, proposed, role="committee", roles=COMMITTEE, approve=True):
    return await proposals.decide_batch(
        pool,
        village.community_id,
        village.staff[role],
        roles,
        uuid.UUID(proposed["batch_id"]),
        commands.Decide(approve=approve),
    )


async def _refused(call) -> Refused:
    with pytest.raises(Refused) as refused:
        await call
    return refused.value


async def test_a_proposal_approved_by_someone_else_becomes_an_award(pool):
    village, households, rule = await _village(pool)
    proposed = await _propose(pool, village, rule, households)
    decided = await _decide(pool, village, proposed)
    assert [decision["points"] for decision in decided] == [10, 10]
    assert (await queries.household(pool, village.community_id, households[0]))["spendable"] == 10


async def test_nobody_decides_their_own_proposal(pool):
    village, households, rule = await _village(pool)
    proposed = await _propose(pool, village, rule, households, role="committee")
    assert (await _refused(_decide(pool, village, proposed))).code == "own_proposal"


async def test_nobody_proposes_or_decides_for_a_household_linked_to_them(pool):
    village, households, rule = await _village(pool)
    await _link(pool, village, "scorer", households[1], "related")
    assert (await _refused(_propose(pool, village, rule, households))).code == "conflict_of_interest"
    proposed = await _propose(pool, village, rule, households[:1])
    await _link(pool, village, "committee", households[0], "related")
    assert (await _refused(_decide(pool, village, proposed))).code == "conflict_of_interest"


async def test_a_staff_members_household_is_the_supervision_committees_to_decide(pool):
    village, households, rule = await _village(pool)
    await _link(pool, village, "counter", households[0], "own")
    staff_home = await _propose(pool, village, rule, households[:1])
    ordinary = await _propose(pool, village, rule, households[1:])
    assert (await _refused(_decide(pool, village, staff_home))).code == "needs_supervisor"
    refused = await _refused(_decide(pool, village, ordinary, role="supervisor", roles=SUPERVISION))
    assert refused.code == "forbidden"
    assert await _decide(pool, village, staff_home, role="supervisor", roles=SUPERVISION)


async def test_every_household_leaves_out_those_linked_to_the_proposer(pool):
    village, households, rule = await _village(pool)
    await _link(pool, village, "scorer", households[0], "own")
    offered = await proposals.households_to_propose_for(pool, village.community_id, village.staff["scorer"])
    assert offered == households[1:]


async def test_a_link_declared_while_a_proposal_waits_for_the_head_is_seen(pool, owner):
    village, households, rule = await _village(pool)
    async with head_held(pool, village.community_id) as connection:
        waiting = await started_and_waiting(owner, _propose(pool, village, rule, households))
        await fairness.link(
            connection, village.community_id, None, village.staff["scorer"], households[1], "related"
        )
    assert (await _refused(waiting)).code == "conflict_of_interest"
