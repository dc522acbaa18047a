"""A direct award as a use case, without HTTP: the direct-awards policy, the date it may
carry, fairness, and its retry — each rule read in the transaction that records the award."""

from __future__ import annotations

import datetime

import pytest

from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.services import awards, counter
from ledger.store import counter as counter_store
from ledger.store import fairness, queries
from tests.services.concurrency import head_held, started_and_waiting
from tests.support import add_household, add_rule, community_today, new_village

pytestmark = pytest.mark.anyio


async def _village_with_a_household(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    rule = await add_rule(pool, village, "R01", 10)
    return village, household, rule


async def _award(pool, village, household, rule, key=None, **fields):
    command = commands.Award(household_id=household, rule_id=rule, **fields)
    return await awards.award(pool, village.community_id, village.staff["committee"], command, key)


async def _refused(call) -> Refused:
    with pytest.raises(Refused) as refused:
        await call
    return refused.value


async def _link(pool, village, role, household, kind="own"):
    async with pool.acquire() as connection:
        await fairness.link(connection, village.community_id, None, village.staff[role], household, kind)


async def _proposals_only(pool, village):
    await counter.change_policy(
        pool, village.community_id, village.staff["committee"], commands.ChangePolicy(direct_awards=False)
    )


async def test_an_award_is_made_and_counted(pool):
    village, household, rule = await _village_with_a_household(pool)
    answer = await _award(pool, village, household, rule, note="扫雪")
    assert (answer["kind"], answer["points"], answer["replayed"]) == ("award.confirmed", 10, False)
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 10


async def test_a_community_whose_policy_asks_for_proposals_takes_no_direct_award(pool):
    village, household, rule = await _village_with_a_household(pool)
    await _proposals_only(pool, village)
    refused = await _refused(_award(pool, village, household, rule))
    assert refused.code == "proposal_required"
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 0


async def test_nobody_awards_a_household_linked_to_them(pool):
    village, household, rule = await _village_with_a_household(pool)
    await _link(pool, village, "committee", household, "related")
    refused = await _refused(_award(pool, village, household, rule))
    assert refused.code == "conflict_of_interest"
    assert refused.context["household_id"] == str(household)


async def test_an_award_to_a_staff_members_household_needs_the_supervision_committee(pool):
    village, household, rule = await _village_with_a_household(pool)
    await _link(pool, village, "counter", household, "own")
    assert (await _refused(_award(pool, village, household, rule))).code == "needs_supervisor"


async def test_an_award_is_dated_neither_ahead_nor_too_far_back(pool):
    village, household, rule = await _village_with_a_household(pool)
    tomorrow = community_today() + datetime.timedelta(days=1)
    long_ago = community_today() - datetime.timedelta(days=400)
    for day in (tomorrow, long_ago):
        assert (
            await _refused(_award(pool, village, household, rule, occurred_on=day))
        ).code == "validation_failed"
    yesterday = community_today() - datetime.timedelta(days=1)
    assert (await _award(pool, village, household, rule, occurred_on=yesterday))["occurred_on"] == str(
        yesterday
    )


async def test_a_retry_answers_the_first_answer_even_after_the_rules_changed(pool):
    village, household, rule = await _village_with_a_household(pool)
    first = await _award(pool, village, household, rule, "key-1", note="扫雪")
    await _proposals_only(pool, village)
    await _link(pool, village, "committee", household, "related")
    again = await _award(pool, village, household, rule, "key-1", note="扫雪")
    assert again["replayed"] is True
    assert again["event_seq"] == first["event_seq"]
    different = await _refused(_award(pool, village, household, rule, "key-1", note="别的"))
    assert different.code == "idempotency_conflict"
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 10


async def test_a_link_declared_while_an_award_waits_for_the_head_is_seen(pool, owner):
    village, household, rule = await _village_with_a_household(pool)
    async with head_held(pool, village.community_id) as connection:
        # The award comes to wait behind the head; meanwhile the link is declared, and it
        # commits with the head's release. A check made before the lock would miss it.
        waiting = await started_and_waiting(owner, _award(pool, village, household, rule))
        await fairness.link(
            connection, village.community_id, None, village.staff["committee"], household, "own"
        )
    assert (await _refused(waiting)).code == "conflict_of_interest"
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 0


async def test_direct_awards_switched_off_while_an_award_waits_for_the_head_are_seen(pool, owner):
    village, household, rule = await _village_with_a_household(pool)
    async with head_held(pool, village.community_id) as connection:
        waiting = await started_and_waiting(owner, _award(pool, village, household, rule))
        await counter_store.change_policy(connection, village.community_id, None, {"direct_awards": False})
    assert (await _refused(waiting)).code == "proposal_required"
