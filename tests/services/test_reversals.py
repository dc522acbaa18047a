"""A reversal as a use case, without HTTP: only the supervision committee corrects the
record, never in favour of a household linked to them, and a retry answers as the first."""

from __future__ import annotations

import pytest

from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.services import reversals
from ledger.store import awards, fairness, queries
from tests.services.concurrency import head_held, started_and_waiting
from tests.support import add_household, add_rule, new_village

pytestmark = pytest.mark.anyio

SUPERVISION = frozenset({"supervisor"})


async def _awarded(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    rule = await add_rule(pool, village, "R01", 10)
    award = await awards.award(
        pool, village.community_id, None, household, rule, None, None, None, None, None
    )
    return village, household, award["event_seq"]


async def _reverse(pool, village, seq, roles=SUPERVISION, key=None, reason="重复录入"):
    return await reversals.reverse(
        pool,
        village.community_id,
        village.staff["supervisor"],
        roles,
        commands.Reverse(event_seq=seq, reason=reason),
        key,
    )


async def _refused(call) -> Refused:
    with pytest.raises(Refused) as refused:
        await call
    return refused.value


async def test_the_supervision_committee_reverses_an_award(pool):
    village, household, seq = await _awarded(pool)
    answer = await _reverse(pool, village, seq)
    assert (answer["kind"], answer["reversed_seq"]) == ("reversal.recorded", seq)
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 0


async def test_nobody_else_reverses(pool):
    village, household, seq = await _awarded(pool)
    refused = await _refused(_reverse(pool, village, seq, roles=frozenset({"committee"})))
    assert refused.code == "forbidden"
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 10


async def test_nobody_reverses_in_favour_of_a_household_linked_to_them(pool):
    village, household, seq = await _awarded(pool)
    async with pool.acquire() as connection:
        await fairness.link(
            connection, village.community_id, None, village.staff["supervisor"], household, "own"
        )
    assert (await _refused(_reverse(pool, village, seq))).code == "conflict_of_interest"


async def test_a_retry_answers_the_first_reversal_even_after_a_link_was_declared(pool):
    village, household, seq = await _awarded(pool)
    first = await _reverse(pool, village, seq, key="r-1")
    async with pool.acquire() as connection:
        await fairness.link(
            connection, village.community_id, None, village.staff["supervisor"], household, "own"
        )
    again = await _reverse(pool, village, seq, key="r-1")
    assert (again["replayed"], again["event_seq"]) == (True, first["event_seq"])


async def test_a_link_declared_while_a_reversal_waits_for_the_head_is_seen(pool, owner):
    village, household, seq = await _awarded(pool)
    async with head_held(pool, village.community_id) as connection:
        waiting = await started_and_waiting(owner, _reverse(pool, village, seq))
        await fairness.link(
            connection, village.community_id, None, village.staff["supervisor"], household, "own"
        )
    assert (await _refused(waiting)).code == "conflict_of_interest"
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 10
