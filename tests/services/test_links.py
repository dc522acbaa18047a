"""Declaring a staff member's own and related households, without HTTP: the link is recorded
on the chain once, and a household or staff member from elsewhere is refused with nothing
written."""

from __future__ import annotations

import uuid

import pytest

from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.services import links
from ledger.store import queries
from ledger.store.queries import links as link_reads
from tests.support import add_household, new_village

pytestmark = pytest.mark.anyio


async def _head(pool, village) -> int:
    return (await queries.community(pool, village.community_id))["head_seq"]


async def test_an_admin_links_a_household_once_and_the_link_is_on_the_chain(pool):
    village = await new_village(pool)
    household = await add_household(pool, village, "001", "王大山")
    admin, scorer = village.staff["admin"], village.staff["scorer"]

    assert await links.link_household(pool, village.community_id, admin, scorer, household, "own")
    head = await _head(pool, village)
    assert not await links.link_household(pool, village.community_id, admin, scorer, household, "own")

    assert await _head(pool, village) == head  # linking again records nothing
    [event] = await queries.events_after(pool, village.community_id, head - 1, 1)
    assert event.kind == kinds.STAFF_LINKED
    assert event.body == {"user_id": str(scorer), "kind": "own"}
    declared = await link_reads.declared_households(pool, village.community_id, scorer)
    assert [(row["number"], row["kind"]) for row in declared] == [("001", "own")]


async def test_a_household_of_another_community_is_refused_and_nothing_is_recorded(pool):
    village, elsewhere = await new_village(pool), await new_village(pool)
    foreign = await add_household(pool, elsewhere, "001")
    head = await _head(pool, village)
    with pytest.raises(Refused) as refusal:
        await links.link_household(
            pool, village.community_id, village.staff["admin"], village.staff["scorer"], foreign, "own"
        )
    assert refusal.value.code == "not_found"
    assert await _head(pool, village) == head


async def test_only_the_communitys_own_staff_can_be_linked(pool):
    village, elsewhere = await new_village(pool), await new_village(pool)
    household = await add_household(pool, village, "001")
    with pytest.raises(Refused) as refusal:
        await links.link_household(
            pool,
            village.community_id,
            village.staff["admin"],
            elsewhere.staff["scorer"],
            household,
            "related",
        )
    assert (refusal.value.code, refusal.value.message) == (
        "not_found",
        "no such staff member in this community",
    )


async def test_a_staff_member_declares_a_household_by_its_number(pool):
    village = await new_village(pool)
    await add_household(pool, village, "007")
    counter = village.staff["counter"]

    assert await links.declare_by_number(pool, village.community_id, counter, "007", "related")
    assert not await links.declare_by_number(pool, village.community_id, counter, "007", "related")
    declared = await link_reads.declared_households(pool, village.community_id, counter)
    assert [(row["number"], row["kind"]) for row in declared] == [("007", "related")]


async def test_an_unknown_number_is_refused_and_nothing_is_recorded(pool):
    village = await new_village(pool)
    head = await _head(pool, village)
    with pytest.raises(Refused) as refusal:
        await links.declare_by_number(pool, village.community_id, village.staff["counter"], "404", "own")
    assert refusal.value.code == "not_found"
    assert refusal.value.context == {"number": "404"}
    assert await _head(pool, village) == head
    assert await link_reads.declared_households(pool, village.community_id, uuid.uuid4()) == []
