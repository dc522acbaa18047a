"""Fairness (人情分): nobody acts on a household linked to them, and an award to a staff
member's own household needs the supervision committee. Each self-dealing path is refused
with a clear code."""

from __future__ import annotations

import uuid

import pytest

from ledger.services import cards
from tests.support import add_goods, add_household, add_rule, give_points

pytestmark = pytest.mark.anyio


async def _link(client, staffed, role: str, household, kind: str = "own") -> None:
    answer = await client.post(
        f"{staffed.api}/my-households",
        json={"household_id": str(household), "kind": kind},
        headers=staffed.auth(role),
    )
    assert answer.json() == {"linked": True}


async def test_a_scorer_cannot_propose_for_a_linked_household(pool, client, staffed):
    home = await add_household(pool, staffed.village, "001")
    other = await add_household(pool, staffed.village, "002")
    rule = await add_rule(pool, staffed.village, "R01", 10)
    await _link(client, staffed, "scorer", home, "related")
    answer = await client.post(
        f"{staffed.api}/proposals",
        json={"rule_id": str(rule), "household_ids": [str(other), str(home)]},
        headers=staffed.auth("scorer"),
    )
    assert (answer.status_code, answer.json()["code"], answer.json()["household_id"]) == (
        403,
        "conflict_of_interest",
        str(home),
    )


async def test_a_committee_member_cannot_decide_for_a_linked_household(pool, client, staffed):
    related = await add_household(pool, staffed.village, "001")
    rule = await add_rule(pool, staffed.village, "R01", 10)
    await _link(client, staffed, "committee", related, "related")
    proposal = (
        await client.post(
            f"{staffed.api}/proposals",
            json={"rule_id": str(rule), "household_ids": [str(related)]},
            headers=staffed.auth("scorer"),
        )
    ).json()["proposal_ids"][0]
    answer = await client.post(
        f"{staffed.api}/proposals/{proposal}/decision",
        json={"approve": True},
        headers=staffed.auth("committee"),
    )
    assert answer.json()["code"] == "conflict_of_interest"


async def test_an_award_to_a_staff_household_needs_the_supervision_committee(pool, client, staffed):
    home = await add_household(pool, staffed.village, "001")
    rule = await add_rule(pool, staffed.village, "R01", 10)
    await _link(client, staffed, "counter", home, "own")
    direct = await client.post(
        f"{staffed.api}/awards",
        json={"household_id": str(home), "rule_id": str(rule)},
        headers=staffed.auth("committee"),
    )
    assert direct.json()["code"] == "needs_supervisor"
    proposal = (
        await client.post(
            f"{staffed.api}/proposals",
            json={"rule_id": str(rule), "household_ids": [str(home)]},
            headers=staffed.auth("scorer"),
        )
    ).json()["proposal_ids"][0]
    by_committee = await client.post(
        f"{staffed.api}/proposals/{proposal}/decision",
        json={"approve": True},
        headers=staffed.auth("committee"),
    )
    by_supervisor = await client.post(
        f"{staffed.api}/proposals/{proposal}/decision",
        json={"approve": True},
        headers=staffed.auth("supervisor"),
    )
    assert by_committee.json()["code"] == "needs_supervisor"
    assert by_supervisor.status_code == 200


async def test_a_supervisor_cannot_reverse_a_deduction_from_a_linked_household(pool, client, staffed):
    home = await add_household(pool, staffed.village, "001")
    littering = await add_rule(pool, staffed.village, "B01", -10)
    await give_points(pool, staffed.village, home, 30)
    deducted = await client.post(
        f"{staffed.api}/awards",
        json={"household_id": str(home), "rule_id": str(littering)},
        headers=staffed.auth("committee"),
    )
    await _link(client, staffed, "supervisor", home, "related")
    answer = await client.post(
        f"{staffed.api}/reversals",
        json={"event_seq": deducted.json()["event_seq"], "reason": "撤销扣分"},
        headers=staffed.auth("supervisor"),
    )
    assert (answer.status_code, answer.json()["code"]) == (403, "conflict_of_interest")


async def test_an_honour_for_a_staff_household_is_the_supervision_committees(pool, client, staffed):
    scorers_home = await add_household(pool, staffed.village, "001")
    supervisors_home = await add_household(pool, staffed.village, "002")
    await _link(client, staffed, "scorer", scorers_home, "own")
    await _link(client, staffed, "supervisor", supervisors_home, "own")

    async def grant(household, role):
        honour = {"household_id": str(household), "title": "文明家庭", "year": 2026}
        return await client.post(f"{staffed.api}/honours", json=honour, headers=staffed.auth(role))

    assert (await grant(scorers_home, "committee")).json()["code"] == "needs_supervisor"
    assert (await grant(supervisors_home, "supervisor")).json()["code"] == "conflict_of_interest"
    assert (await grant(scorers_home, "supervisor")).status_code == 201


async def test_an_honour_for_an_ordinary_household_is_the_committees(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    honour = {"household_id": str(household), "title": "道德模范", "year": 2026}
    by_supervisor = await client.post(
        f"{staffed.api}/honours", json=honour, headers=staffed.auth("supervisor")
    )
    by_committee = await client.post(f"{staffed.api}/honours", json=honour, headers=staffed.auth("committee"))
    assert by_supervisor.json()["code"] == "forbidden"
    assert by_committee.status_code == 201


async def test_a_staff_household_is_marked_on_the_public_board(pool, client, staffed):
    home = await add_household(pool, staffed.village, "001")
    await client.patch(f"{staffed.api}/policy", json={"publicity_days": 3}, headers=staffed.auth("committee"))
    rule = (
        await client.post(
            f"{staffed.api}/rules",
            json={"code": "R14", "name": "见义勇为", "points": 50, "needs_publicity": True},
            headers=staffed.auth("committee"),
        )
    ).json()["id"]
    await _link(client, staffed, "scorer", home, "own")
    proposal = (
        await client.post(
            f"{staffed.api}/proposals",
            json={"rule_id": rule, "household_ids": [str(home)]},
            headers=staffed.auth("committee"),
        )
    ).json()["proposal_ids"][0]
    await client.post(
        f"{staffed.api}/proposals/{proposal}/decision",
        json={"approve": True},
        headers=staffed.auth("supervisor"),
    )
    board = (await client.get(f"/api/v1/boards/{staffed.village.community_id}/publicity")).json()
    assert [item["staff_household"] for item in board["items"]] == [True]


async def test_a_supervisor_cannot_rule_on_an_objection_about_a_linked_household(pool, client, staffed):
    related = await add_household(pool, staffed.village, "001")
    await client.patch(f"{staffed.api}/policy", json={"publicity_days": 3}, headers=staffed.auth("committee"))
    rule = (
        await client.post(
            f"{staffed.api}/rules",
            json={"code": "R13", "name": "绿色殡葬", "points": 30, "needs_publicity": True},
            headers=staffed.auth("committee"),
        )
    ).json()["id"]
    award = (
        await client.post(
            f"{staffed.api}/awards",
            json={"household_id": str(related), "rule_id": rule},
            headers=staffed.auth("committee"),
        )
    ).json()
    objection = (
        await client.post(
            f"/api/v1/boards/{staffed.village.community_id}/objections",
            json={"award_seq": award["event_seq"], "reason": "不实"},
            headers={"X-Forwarded-For": "10.66.0.1"},
        )
    ).json()["objection_id"]
    await _link(client, staffed, "supervisor", related, "related")
    answer = await client.post(
        f"{staffed.api}/objections/{objection}/decision",
        json={"uphold": False, "reason": "属实"},
        headers=staffed.auth("supervisor"),
    )
    assert answer.json()["code"] == "conflict_of_interest"


async def test_the_counter_cannot_redeem_for_a_linked_household(pool, client, staffed):
    home = await add_household(pool, staffed.village, "001")
    await give_points(pool, staffed.village, home, 50)
    soap = await add_goods(pool, staffed.village, "G01", 5, 10)
    card = await cards.issue_card(pool, staffed.village.community_id, None, home)
    await _link(client, staffed, "counter", home, "own")
    sale = await client.post(
        f"{staffed.api}/redemptions/by-card",
        json={"card": card.token, "lines": [{"goods_id": str(soap), "quantity": 1}]},
        headers={**staffed.auth("counter"), "Idempotency-Key": uuid.uuid4().hex},
    )
    direct = await client.post(
        f"{staffed.api}/redemptions",
        json={"household_id": str(home), "lines": [{"goods_id": str(soap), "quantity": 1}]},
        headers={**staffed.auth("counter"), "Idempotency-Key": uuid.uuid4().hex},
    )
    assert (sale.status_code, sale.json()["code"]) == (403, "conflict_of_interest")
    assert direct.json()["code"] == "conflict_of_interest"


async def test_the_supervision_view_flags_the_patterns(pool, client, staffed):
    committee = staffed.auth("committee")
    await client.patch(
        f"{staffed.api}/policy", json={"publicity_threshold": 50, "publicity_days": 3}, headers=committee
    )
    favourite = await add_household(pool, staffed.village, "001")
    others = [await add_household(pool, staffed.village, f"{n:03d}") for n in range(2, 4)]
    home = await add_household(pool, staffed.village, "009")
    await _link(client, staffed, "scorer", home, "own")
    small = await add_rule(pool, staffed.village, "R01", 5)
    near = await add_rule(pool, staffed.village, "R02", 45)  # just under the 50 that needs publicity
    for household in [favourite] * 6 + others:
        await client.post(
            f"{staffed.api}/awards",
            json={"household_id": str(household), "rule_id": str(small)},
            headers=committee,
        )
    for _ in range(3):
        await client.post(
            f"{staffed.api}/awards",
            json={"household_id": str(others[0]), "rule_id": str(near)},
            headers=committee,
        )
    proposal = (
        await client.post(
            f"{staffed.api}/proposals",
            json={"rule_id": str(small), "household_ids": [str(home)]},
            headers=committee,
        )
    ).json()["proposal_ids"][0]
    await client.post(
        f"{staffed.api}/proposals/{proposal}/decision",
        json={"approve": True},
        headers=staffed.auth("supervisor"),
    )
    for _ in range(3):
        award = (
            await client.post(
                f"{staffed.api}/awards",
                json={"household_id": str(others[1]), "rule_id": str(small)},
                headers=committee,
            )
        ).json()
        await client.post(
            f"{staffed.api}/reversals",
            json={"event_seq": award["event_seq"], "reason": "误记"},
            headers=staffed.auth("supervisor"),
        )

    flags = (await client.get(f"{staffed.api}/supervision/flags", headers=staffed.auth("supervisor"))).json()
    committee_name = staffed.village.usernames["committee"]
    assert any(f["username"] == committee_name and f["number"] == "001" for f in flags["concentrated_awards"])
    assert [(f["username"], f["times"]) for f in flags["just_under_publicity_threshold"]] == [
        (committee_name, 3)
    ]
    assert [(f["number"], f["staff_member"]) for f in flags["awards_to_staff_households"]] == [
        ("009", staffed.village.usernames["scorer"])
    ]
    assert [(f["username"], f["reversals"]) for f in flags["cancellations_and_reversals"]] == [
        (staffed.village.usernames["supervisor"], 3)
    ]
