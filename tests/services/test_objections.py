"""Objections without HTTP: raised from the public board or with a household's card, and
decided by the supervision committee. The community and the card are looked up in the
transaction that records the objection; a refusal records nothing."""

from __future__ import annotations

import pytest

from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.services import cards, objections
from ledger.store import queries
from ledger.store.queries import publicity as publicity_reads
from tests.api.steps import award_in_publicity
from tests.support import add_household, new_village

pytestmark = pytest.mark.anyio


async def _head(pool, community_id) -> int:
    return (await queries.community(pool, community_id))["head_seq"]


async def test_an_objection_from_the_board_holds_the_award_and_the_supervisor_upholds_it(
    pool, client, staffed
):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "001")
    seq = await award_in_publicity(client, staffed, household)

    raised = await objections.object_from_board(pool, community, seq, "这户并未参加", "10.80.0.1")
    [held] = await objections.open_by_award(pool, community)
    assert (held["award_seq"], held["open_objections"]) == (seq, 1)
    assert held["objections"][0]["via"] == "board"

    supervisor = staffed.village.staff["supervisor"]
    objection_id = held["objections"][0]["objection_id"]
    decided = await objections.decide(pool, community, supervisor, objection_id, True, "核实不实")
    assert decided == {"event_seq": raised["event_seq"] + 1, "award_rejected": True}
    [event] = await queries.events_after(pool, community, raised["event_seq"], 1)
    assert event.kind == kinds.OBJECTION_UPHELD
    assert await publicity_reads.open_objections(pool, community) == []


async def test_a_card_objects_in_its_own_community(pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "002")
    seq = await award_in_publicity(client, staffed, household)
    card = await cards.issue_card(pool, community, None, household)

    await objections.object_with_card(pool, card.token, seq, "加分理由不实")

    [open_objection] = await publicity_reads.open_objections(pool, community)
    assert (open_objection["award_seq"], open_objection["via"]) == (seq, "card")


async def test_an_unknown_card_or_community_is_refused_and_nothing_is_recorded(pool):
    village = await new_village(pool)
    head = await _head(pool, village.community_id)
    with pytest.raises(Refused) as unknown_card:
        await objections.object_with_card(pool, "not-a-card-token-at-all", 1, "理由理由")
    assert (unknown_card.value.code, unknown_card.value.message) == ("not_found", "no such card")
    other = await new_village(pool)
    with pytest.raises(Refused) as no_award:
        await objections.object_from_board(pool, other.community_id, 1, "理由理由", "10.80.0.2")
    assert no_award.value.code == "not_found"
    assert await _head(pool, village.community_id) == head


async def test_an_objection_decided_already_is_refused(pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "003")
    seq = await award_in_publicity(client, staffed, household)
    await objections.object_from_board(pool, community, seq, "情况不实", "10.80.0.3")
    [held] = await objections.open_by_award(pool, community)
    objection_id = held["objections"][0]["objection_id"]
    supervisor = staffed.village.staff["supervisor"]
    await objections.decide(pool, community, supervisor, objection_id, False, "情况属实")

    with pytest.raises(Refused) as refusal:
        await objections.decide(pool, community, supervisor, objection_id, True, "再议")
    assert refusal.value.code == "already_decided"
