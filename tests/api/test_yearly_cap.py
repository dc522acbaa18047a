"""The optional yearly cap on points earned (年度积分上限): an award that would pass it is
refused whole and writes nothing; awards in publicity count from the moment they are
posted, an upheld objection gives the room back, deductions are never capped, and each
calendar year has its own cap."""

from __future__ import annotations

import pytest

from ledger.store import queries
from tests.support import add_household, add_rule, end_of_last_year

pytestmark = pytest.mark.anyio


async def test_an_award_past_the_cap_is_refused_and_changes_nothing(pool, client, staffed):
    community = staffed.village.community_id
    committee = staffed.auth("committee")
    household = await add_household(pool, staffed.village, "001")
    help_out = await add_rule(pool, staffed.village, "R40", 40)
    rescue = await add_rule(pool, staffed.village, "R50", 50)
    litter = await add_rule(pool, staffed.village, "B10", -10)
    policy = await client.patch(
        f"{staffed.api}/policy",
        json={"yearly_points_cap": 100, "publicity_days": 5, "publicity_threshold": 50},
        headers=committee,
    )
    assert policy.status_code == 200

    async def award(rule, **extra):
        return await client.post(
            f"{staffed.api}/awards",
            json={"household_id": str(household), "rule_id": str(rule), **extra},
            headers=committee,
        )

    assert (await award(help_out)).status_code == 201
    posted = await award(rescue)  # 50 points go to publicity: pending, but already counted
    assert posted.json()["kind"] == "publicity.started"
    head = (await queries.community(pool, community))["head_seq"]
    refused = await award(help_out)
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["code"] == "yearly_cap_reached"
    assert (problem["yearly_points_cap"], problem["earned"], problem["points"]) == (100, 90, 40)
    assert (await queries.community(pool, community))["head_seq"] == head
    assert (await award(litter)).status_code == 201  # a deduction is never capped
    last_year = end_of_last_year().isoformat()
    assert (await award(help_out, occurred_on=last_year)).status_code == 201  # last year's own cap

    objection = await client.post(
        f"/api/v1/boards/{community}/objections",
        json={"award_seq": posted.json()["event_seq"], "reason": "事迹不实"},
        headers={"X-Forwarded-For": "10.78.0.1"},
    )
    upheld = await client.post(
        f"{staffed.api}/objections/{objection.json()['objection_id']}/decision",
        json={"uphold": True, "reason": "经核实不属实"},
        headers=staffed.auth("supervisor"),
    )
    assert upheld.json()["award_rejected"] is True
    assert (await award(help_out)).status_code == 201  # the rejected 50 no longer counts
    figures = await queries.household(pool, community, household)
    # 40 + 40 this year, 40 last year, less the 10 deducted; nothing pending.
    assert (figures["spendable"], figures["pending"], figures["honour"]) == (110, 0, 110)


async def test_an_approval_past_the_cap_leaves_the_proposal_open_until_the_cap_allows(pool, client, staffed):
    committee = staffed.auth("committee")
    household = await add_household(pool, staffed.village, "001")
    other = await add_household(pool, staffed.village, "002")
    clean_up = await add_rule(pool, staffed.village, "R30", 30)
    await client.patch(f"{staffed.api}/policy", json={"yearly_points_cap": 50}, headers=committee)
    await client.post(
        f"{staffed.api}/awards",
        json={"household_id": str(household), "rule_id": str(clean_up)},
        headers=committee,
    )
    proposed = await client.post(
        f"{staffed.api}/proposals",
        json={"rule_id": str(clean_up), "household_ids": [str(other), str(household)], "note": "义务清扫"},
        headers=staffed.auth("scorer"),
    )
    batch = proposed.json()["proposal_ids"]
    decide_the_batch = f"{staffed.api}/proposals/batches/{proposed.json()['batch_id']}/decision"
    approved = await client.post(decide_the_batch, json={"approve": True}, headers=committee)
    assert approved.status_code == 409
    assert approved.json()["code"] == "yearly_cap_reached"
    assert approved.json()["household_id"] == str(household)
    waiting = (await client.get(f"{staffed.api}/proposals", headers=committee)).json()
    assert sorted(p["proposal_id"] for p in waiting) == sorted(batch)  # all or none: both still open
    assert (await queries.household(pool, staffed.village.community_id, other))["spendable"] == 0

    await client.patch(f"{staffed.api}/policy", json={"yearly_points_cap": 0}, headers=committee)  # lifted
    again = await client.post(decide_the_batch, json={"approve": True}, headers=committee)
    assert again.status_code == 200
    assert (await queries.household(pool, staffed.village.community_id, household))["spendable"] == 60
