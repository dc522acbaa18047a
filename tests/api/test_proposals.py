"""Propose → approve: maker-checker, and a batch of 500 households that is all or nothing."""

from __future__ import annotations

import uuid

import pytest

from ledger.store import integrity, queries
from tests.support import add_household, add_rule, photo

pytestmark = pytest.mark.anyio


async def test_a_scorer_proposes_and_a_committee_member_approves(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    rule = await add_rule(pool, staffed.village, "R01", 10)
    proposed = await client.post(
        f"{staffed.api}/proposals",
        json={"rule_id": str(rule), "household_ids": [str(household)], "note": "清扫村道"},
        headers=staffed.auth("scorer"),
    )
    assert proposed.status_code == 201
    proposal = proposed.json()["proposal_ids"][0]
    assert (await queries.household(pool, staffed.village.community_id, household))["spendable"] == 0
    waiting = (await client.get(f"{staffed.api}/proposals", headers=staffed.auth("committee"))).json()
    assert [(p["proposal_id"], p["proposer"], p["points"]) for p in waiting] == [
        (proposal, staffed.village.usernames["scorer"], 10)
    ]
    approved = await client.post(
        f"{staffed.api}/proposals/{proposal}/decision",
        json={"approve": True},
        headers=staffed.auth("committee"),
    )
    again = await client.post(
        f"{staffed.api}/proposals/{proposal}/decision",
        json={"approve": False},
        headers=staffed.auth("committee"),
    )
    assert approved.json()["approved"][0]["points"] == 10
    assert again.json()["code"] == "already_decided"
    assert (await queries.household(pool, staffed.village.community_id, household))["spendable"] == 10


async def test_nobody_decides_their_own_proposal(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    rule = await add_rule(pool, staffed.village, "R01", 10)
    proposal = (
        await client.post(
            f"{staffed.api}/proposals",
            json={"rule_id": str(rule), "household_ids": [str(household)]},
            headers=staffed.auth("committee"),
        )
    ).json()
    for approve in (True, False):
        answer = await client.post(
            f"{staffed.api}/proposals/{proposal['proposal_ids'][0]}/decision",
            json={"approve": approve},
            headers=staffed.auth("committee"),
        )
        assert answer.status_code == 403
        assert answer.json()["code"] == "own_proposal"
    scorer_decides = await client.post(
        f"{staffed.api}/proposals/{proposal['proposal_ids'][0]}/decision",
        json={"approve": True},
        headers=staffed.auth("scorer"),
    )
    assert scorer_decides.json()["code"] == "forbidden"


async def test_a_rejected_proposal_gives_nothing(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    rule = await add_rule(pool, staffed.village, "R01", 10)
    proposal = (
        await client.post(
            f"{staffed.api}/proposals",
            json={"rule_id": str(rule), "household_ids": [str(household)]},
            headers=staffed.auth("scorer"),
        )
    ).json()
    rejected = await client.post(
        f"{staffed.api}/proposals/{proposal['proposal_ids'][0]}/decision",
        json={"approve": False, "reason": "未核实"},
        headers=staffed.auth("committee"),
    )
    assert "rejected" in rejected.json()
    assert (await queries.household(pool, staffed.village.community_id, household))["spendable"] == 0


async def test_a_batch_of_500_with_one_bad_household_changes_nothing_and_names_it(pool, client, staffed):
    households = [str(await add_household(pool, staffed.village, f"{n:03d}")) for n in range(499)]
    rule = await add_rule(pool, staffed.village, "R03", 8)
    bad = str(uuid.uuid4())
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    answer = await client.post(
        f"{staffed.api}/proposals",
        json={"rule_id": str(rule), "household_ids": households[:300] + [bad] + households[300:]},
        headers=staffed.auth("scorer"),
    )
    assert answer.status_code == 404
    assert answer.json()["row"] == 301
    assert answer.json()["household_id"] == bad
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head

    batch = (
        await client.post(
            f"{staffed.api}/proposals",
            json={"rule_id": str(rule), "household_ids": households + [households[0]]},
            headers=staffed.auth("scorer"),
        )
    ).json()
    assert len(batch["proposal_ids"]) == 499
    too_many = await client.post(
        f"{staffed.api}/proposals",
        json={"rule_id": str(rule), "household_ids": households + [bad, str(uuid.uuid4())]},
        headers=staffed.auth("scorer"),
    )
    assert too_many.status_code == 400
    approved = await client.post(
        f"{staffed.api}/proposals/batches/{batch['batch_id']}/decision",
        json={"approve": True},
        headers=staffed.auth("committee"),
    )
    assert len(approved.json()["approved"]) == 499
    figures = await queries.all_household_figures(pool, staffed.village.community_id)
    assert {row["spendable"] for row in figures} == {8}
    assert await integrity.check_rebuild(pool, staffed.village.community_id) == []


async def test_a_rule_that_needs_evidence_is_approved_only_with_a_photo(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    rule = (
        await client.post(
            f"{staffed.api}/rules",
            json={"code": "R06", "name": "庭院美化示范户", "points": 15, "needs_evidence": True},
            headers=staffed.auth("committee"),
        )
    ).json()["id"]
    proposal = (
        await client.post(
            f"{staffed.api}/proposals",
            json={"rule_id": rule, "household_ids": [str(household)]},
            headers=staffed.auth("scorer"),
        )
    ).json()["proposal_ids"][0]
    without = await client.post(
        f"{staffed.api}/proposals/{proposal}/decision",
        json={"approve": True},
        headers=staffed.auth("committee"),
    )
    assert without.json()["code"] == "evidence_required"
    by_other = await client.post(
        f"{staffed.api}/proposals/{proposal}/evidence",
        content=photo(),
        headers={**staffed.auth("committee"), "Content-Type": "image/jpeg"},
    )
    added = await client.post(
        f"{staffed.api}/proposals/{proposal}/evidence",
        content=photo(),
        headers={**staffed.auth("scorer"), "Content-Type": "image/jpeg"},
    )
    assert (by_other.status_code, added.status_code) == (403, 204)
    shown = await client.get(
        f"{staffed.api}/proposals/{proposal}/evidence", headers=staffed.auth("committee")
    )
    assert shown.headers["content-type"] == "image/jpeg"
    approved = await client.post(
        f"{staffed.api}/proposals/{proposal}/decision",
        json={"approve": True},
        headers=staffed.auth("committee"),
    )
    assert approved.status_code == 200
    assert (await queries.household(pool, staffed.village.community_id, household))["spendable"] == 15


async def test_a_community_may_send_every_award_through_a_proposal(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    rule = await add_rule(pool, staffed.village, "R01", 10)
    committee = staffed.auth("committee")
    await client.patch(f"{staffed.api}/policy", json={"direct_awards": False}, headers=committee)
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    direct = await client.post(
        f"{staffed.api}/awards",
        json={"household_id": str(household), "rule_id": str(rule)},
        headers=committee,
    )
    assert (direct.status_code, direct.json()["code"]) == (403, "proposal_required")
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head
    proposed = await client.post(
        f"{staffed.api}/proposals",
        json={"rule_id": str(rule), "household_ids": [str(household)]},
        headers=staffed.auth("scorer"),
    )
    approved = await client.post(
        f"{staffed.api}/proposals/batches/{proposed.json()['batch_id']}/decision",
        json={"approve": True},
        headers=committee,
    )
    assert approved.status_code == 200
    assert (await queries.household(pool, staffed.village.community_id, household))["spendable"] == 10
