"""Residents' own claims (村民申报) as use cases, without HTTP: a household claims a rule the
committee opened to claims from its card, with a note and a photo; the scorer of its grid or
the committee decides; the card shows where each claim stands. Each refusal has its code and
leaves the log where it was."""

from __future__ import annotations

import uuid

import pytest

from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.services import cards, claims, counter, groups, links, rule_catalog
from ledger.services.images import clean_image
from ledger.store import integrity, queries
from ledger.store.record import OUTCOME_DETAILS
from tests.support import add_household, add_rule, keep_the_day_from_turning, new_village, photo

pytestmark = pytest.mark.anyio

SCORER_ROLES = frozenset({"scorer"})
COMMITTEE_ROLES = frozenset({"committee"})
COMMITTEE_DECIDES = OUTCOME_DETAILS["committee_decides"][1]


async def _head(pool, village) -> int:
    return (await queries.community(pool, village.community_id))["head_seq"]


async def _refused(pool, village, call) -> Refused:
    """The refusal of `call`, checked to have appended nothing."""
    before = await _head(pool, village)
    with pytest.raises(Refused) as refused:
        await call
    assert await _head(pool, village) == before
    return refused.value


async def _claimable(pool, village, code, points, *, publicity=False) -> uuid.UUID:
    rule = await add_rule(pool, village, code, points)
    change = commands.ChangeRule(claimable=True, needs_publicity=publicity or None)
    assert await rule_catalog.change_rule(
        pool, village.community_id, village.staff["committee"], rule, change
    )
    return rule


async def _village(pool):
    """A village with a grid looked after by its scorer, household 001 in it with a card, and
    household 002 in another grid."""
    village = await new_village(pool)
    await keep_the_day_from_turning(pool, village)
    group = await groups.create_group(
        pool, village.community_id, None, commands.CreateGroup(kind="group", name="一组")
    )
    east = await groups.create_group(
        pool, village.community_id, None, commands.CreateGroup(kind="grid", name="东片", parent_id=group)
    )
    west = await groups.create_group(
        pool, village.community_id, None, commands.CreateGroup(kind="grid", name="西片", parent_id=group)
    )
    mine = await add_household(pool, village, "001", "李秀英")
    theirs = await add_household(pool, village, "002", "王建国")
    for household, grid in ((mine, east), (theirs, west)):
        move = commands.MoveHousehold(household_id=household, group_id=group, grid_id=grid)
        await groups.move_household(pool, village.community_id, None, move)
    await groups.assign_grid(pool, village.community_id, None, east, village.staff["scorer"])
    card = await cards.issue_card(pool, village.community_id, None, mine)
    other_card = await cards.issue_card(pool, village.community_id, None, theirs)
    return village, card.token, other_card.token, mine, theirs


def _claim(rule, note="打扫了村口到祠堂的巷子") -> commands.Claim:
    return commands.Claim(rule_id=rule, note=note)


async def _decide(pool, village, role, proposal, approve=True, reason=None, roles=None):
    return await claims.decide(
        pool,
        village.community_id,
        village.staff[role],
        roles or frozenset({role}),
        proposal,
        commands.Decide(approve=approve, reason=reason),
    )


async def test_a_claim_with_a_photo_approved_by_the_grids_scorer_waits_in_publicity_on_the_card(pool):
    village, token, _, mine, _ = await _village(pool)
    rule = await _claimable(pool, village, "R02", 5, publicity=True)
    image = clean_image(photo())
    made = await claims.claim(pool, token, _claim(rule), image)
    assert (made["points"], made["claims_left_today"]) == (5, 2)
    view = await cards.card_view(pool, token)
    assert [r["name"] for r in view["claimable_rules"]] == ["规则R02"]
    assert view["claims_left_today"] == 2
    [shown] = view["claims"]
    assert (shown["state"], shown["has_photo"], shown["points"]) == ("proposed", True, 5)
    assert view["history"][0]["kind"] == "evidence.added"
    assert view["history"][1]["kind"] == "award.claimed"
    assert (view["history"][1]["title"]) == "「规则R02」+5 分，本户申报，待审核"

    [open_claim] = await claims.open_claims(pool, village.community_id, village.staff["scorer"], SCORER_ROLES)
    assert (open_claim["number"], open_claim["grid_name"], open_claim["has_evidence"]) == (
        "001",
        "东片",
        True,
    )
    decided = await _decide(pool, village, "scorer", uuid.UUID(made["proposal_id"]))
    assert decided["points"] == 5

    view = await cards.card_view(pool, token)
    [shown] = view["claims"]
    assert shown["state"] == "in_publicity"
    assert shown["in_publicity_until"] == view["pending_in_publicity"][0]["ends_on"]
    assert view["balance"]["pending"] == 5
    assert await claims.open_claims(pool, village.community_id, village.staff["scorer"], SCORER_ROLES) == []
    assert await integrity.check_rebuild(pool, village.community_id) == []
    assert (await integrity.verify(pool, village.community_id)).ok
    assert mine  # the household the card belongs to


async def test_a_rejected_claim_says_why_on_the_card_and_a_rejection_without_a_reason_is_refused(pool):
    village, token, _, _, _ = await _village(pool)
    rule = await _claimable(pool, village, "R02", 5)
    proposal = uuid.UUID((await claims.claim(pool, token, _claim(rule)))["proposal_id"])
    refused = await _refused(pool, village, _decide(pool, village, "committee", proposal, approve=False))
    assert refused.code == "validation_failed"
    await _decide(pool, village, "committee", proposal, approve=False, reason="当天没有安排清扫")
    [shown] = (await cards.card_view(pool, token))["claims"]
    assert (shown["state"], shown["reason"]) == ("rejected", "当天没有安排清扫")


async def test_a_rule_not_opened_to_claims_is_refused_and_nothing_is_written(pool):
    village, token, _, _, _ = await _village(pool)
    rule = await add_rule(pool, village, "R14", 50)
    refused = await _refused(pool, village, claims.claim(pool, token, _claim(rule)))
    assert refused.code == "rule_not_claimable"
    assert "规则R14" in refused.context["rule_name"]


async def test_a_card_claims_at_most_the_policys_number_a_day_and_one_rule_once(pool):
    village, token, _, _, _ = await _village(pool)
    policy = commands.ChangePolicy(claims_per_day_max=2)
    await counter.change_policy(pool, village.community_id, village.staff["committee"], policy)
    sweeping = await _claimable(pool, village, "R02", 5)
    helping = await _claimable(pool, village, "R09", 10)
    planting = await _claimable(pool, village, "R05", 10)
    await claims.claim(pool, token, _claim(sweeping))
    refused = await _refused(pool, village, claims.claim(pool, token, _claim(sweeping)))
    assert (refused.code, refused.context["limit"]) == ("claim_limit_reached", 1)
    await claims.claim(pool, token, _claim(helping))
    refused = await _refused(pool, village, claims.claim(pool, token, _claim(planting)))
    assert (refused.code, refused.context["limit"], refused.context["claims"]) == (
        "claim_limit_reached",
        2,
        2,
    )
    assert (await cards.card_view(pool, token))["claims_left_today"] == 0


async def test_a_rejected_claim_still_counts_against_the_day(pool):
    village, token, _, _, _ = await _village(pool)
    rule = await _claimable(pool, village, "R02", 5)
    proposal = uuid.UUID((await claims.claim(pool, token, _claim(rule)))["proposal_id"])
    await _decide(pool, village, "committee", proposal, approve=False, reason="重复申报")
    assert (
        await _refused(pool, village, claims.claim(pool, token, _claim(rule)))
    ).code == "claim_limit_reached"


async def test_a_scorer_decides_only_the_claims_of_their_grids(pool):
    village, _, other_token, _, _ = await _village(pool)
    rule = await _claimable(pool, village, "R02", 5)
    proposal = uuid.UUID((await claims.claim(pool, other_token, _claim(rule)))["proposal_id"])
    assert await claims.open_claims(pool, village.community_id, village.staff["scorer"], SCORER_ROLES) == []
    refused = await _refused(pool, village, _decide(pool, village, "scorer", proposal))
    assert (refused.code, refused.context["number"], refused.context["grids"]) == (
        "outside_assigned_grid",
        "002",
        "东片",
    )
    # the committee sees and decides every claim
    [seen] = await claims.open_claims(pool, village.community_id, village.staff["committee"], COMMITTEE_ROLES)
    assert seen["number"] == "002"
    await _decide(pool, village, "committee", proposal)


async def test_a_scorer_without_grids_leaves_claims_to_the_committee(pool):
    village, token, _, _, _ = await _village(pool)
    rule = await _claimable(pool, village, "R02", 5)
    proposal = uuid.UUID((await claims.claim(pool, token, _claim(rule)))["proposal_id"])
    counter_staff = village.staff["counter"]  # a second staff member made a scorer with no grid
    refused = await _refused(
        pool,
        village,
        claims.decide(
            pool, village.community_id, counter_staff, SCORER_ROLES, proposal, commands.Decide(approve=True)
        ),
    )
    assert (refused.code, refused.message) == ("forbidden", COMMITTEE_DECIDES)


async def test_a_staff_member_may_not_decide_the_claim_of_a_household_linked_to_them(pool):
    village, token, _, mine, _ = await _village(pool)
    rule = await _claimable(pool, village, "R02", 5)
    proposal = uuid.UUID((await claims.claim(pool, token, _claim(rule)))["proposal_id"])
    scorer = village.staff["scorer"]
    await links.link_household(pool, village.community_id, scorer, scorer, mine, "related")
    refused = await _refused(pool, village, _decide(pool, village, "scorer", proposal))
    assert refused.code == "conflict_of_interest"


async def test_the_claim_of_a_staff_members_own_household_needs_the_supervision_committee(pool):
    village, token, _, mine, _ = await _village(pool)
    rule = await _claimable(pool, village, "R02", 5)
    proposal = uuid.UUID((await claims.claim(pool, token, _claim(rule)))["proposal_id"])
    counter_staff = village.staff["counter"]
    await links.link_household(pool, village.community_id, counter_staff, counter_staff, mine, "own")
    refused = await _refused(pool, village, _decide(pool, village, "committee", proposal))
    assert refused.code == "needs_supervisor"
    await _decide(pool, village, "supervisor", proposal)


async def test_a_revoked_card_claims_nothing(pool):
    village, token, _, mine, _ = await _village(pool)
    rule = await _claimable(pool, village, "R02", 5)
    await cards.revoke_cards(pool, village.community_id, None, mine)
    assert (await _refused(pool, village, claims.claim(pool, token, _claim(rule)))).code == "not_found"


async def test_a_photo_is_added_only_to_the_cards_own_open_claim(pool):
    village, token, other_token, _, _ = await _village(pool)
    rule = await _claimable(pool, village, "R02", 5)
    mine = uuid.UUID((await claims.claim(pool, token, _claim(rule)))["proposal_id"])
    image = clean_image(photo())
    refused = await _refused(pool, village, claims.attach_evidence(pool, other_token, mine, image))
    assert refused.code == "not_found"
    await claims.attach_evidence(pool, token, mine, image)
    assert (await cards.card_view(pool, token))["claims"][0]["has_photo"]


async def test_only_an_award_rule_is_opened_to_claims(pool):
    village = await new_village(pool)
    deduction = await add_rule(pool, village, "R20", -20)
    refused = await _refused(
        pool,
        village,
        rule_catalog.change_rule(
            pool, village.community_id, None, deduction, commands.ChangeRule(claimable=True)
        ),
    )
    assert refused.code == "validation_failed"
