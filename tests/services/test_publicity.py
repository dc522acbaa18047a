"""Confirming awards whose publicity has ended, in every community or in the one named."""

from __future__ import annotations

import datetime
import uuid

import pytest

from ledger.domain import commands
from ledger.services import awards, counter, publicity
from ledger.services import rules as rule_service
from tests.support import add_household, new_village

pytestmark = pytest.mark.anyio

PAST_EVERY_END = datetime.date(2099, 1, 1)


async def _award_in_publicity(pool) -> uuid.UUID:
    village = await new_village(pool)
    community, committee = village.community_id, village.staff["committee"]
    await counter.change_policy(pool, community, committee, commands.ChangePolicy(publicity_days=3))
    rule_id = await rule_service.define_rule(
        pool,
        community,
        committee,
        commands.DefineRule(code="P1", name="公示", points=10, needs_publicity=True),
    )
    household = await add_household(pool, village, "001")
    await awards.award(
        pool, community, committee, commands.Award(household_id=household, rule_id=rule_id), None
    )
    return community


async def test_confirming_in_one_community_leaves_the_others_waiting(pool):
    named, other = await _award_in_publicity(pool), await _award_in_publicity(pool)

    assert await publicity.confirm_due(pool, PAST_EVERY_END, named) == {named: 1}
    assert await publicity.confirm_due(pool, PAST_EVERY_END, named) == {}  # each award once
    assert (await publicity.confirm_due(pool, PAST_EVERY_END)).get(other) == 1
