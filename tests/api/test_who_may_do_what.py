"""Maker-checker by role, on real data: each step of the points lifecycle — propose,
approve, object, uphold, reverse, settle — tried by every kind of caller. Exactly the
roles named here succeed and the effect is there; everyone else is refused with a
problem code and the log does not move.

(The route × caller matrix in test_roles.py checks every guard with empty bodies; this
table checks what the guards and the rules behind them decide when the request is real.)
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
import pytest

from ledger.store import queries
from tests.api.steps import award_in_publicity
from tests.server import Staffed
from tests.support import add_household, add_rule, end_of_last_year, give_points

pytestmark = pytest.mark.anyio

CALLERS = ("anonymous", "counter", "scorer", "committee", "supervisor", "admin")


@dataclass
class Attempt:
    """A real request for one lifecycle step, and how to see that it took effect."""

    method: str
    path: str
    body: dict
    took_effect: Callable[[], Awaitable[bool]]
    headers: dict[str, str] | None = None


async def _propose(pool, client: httpx.AsyncClient, staffed: Staffed) -> Attempt:
    household = await add_household(pool, staffed.village, "001")
    rule = await add_rule(pool, staffed.village, "R10", 10)

    async def proposed() -> bool:
        listed = await client.get(f"{staffed.api}/proposals", headers=staffed.auth("committee"))
        return [p["household_id"] for p in listed.json()] == [str(household)]

    return Attempt(
        "POST",
        "/proposals",
        {"rule_id": str(rule), "household_ids": [str(household)], "note": "清扫"},
        proposed,
    )


async def _approve(pool, client: httpx.AsyncClient, staffed: Staffed, proposer: str = "scorer") -> Attempt:
    household = await add_household(pool, staffed.village, "001")
    rule = await add_rule(pool, staffed.village, "R10", 10)
    proposed = await client.post(
        f"{staffed.api}/proposals",
        json={"rule_id": str(rule), "household_ids": [str(household)]},
        headers=staffed.auth(proposer),
    )
    proposal = proposed.json()["proposal_ids"][0]

    async def awarded() -> bool:
        return (await queries.household(pool, staffed.village.community_id, household))["spendable"] == 10

    return Attempt("POST", f"/proposals/{proposal}/decision", {"approve": True}, awarded)


async def _approve_own(pool, client: httpx.AsyncClient, staffed: Staffed) -> Attempt:
    return await _approve(pool, client, staffed, proposer="committee")


async def _award_in_publicity(pool, client: httpx.AsyncClient, staffed: Staffed) -> tuple[uuid.UUID, int]:
    household = await add_household(pool, staffed.village, "001")
    return household, await award_in_publicity(client, staffed, household, points=30)


async def _object(pool, client: httpx.AsyncClient, staffed: Staffed) -> Attempt:
    _, award_seq = await _award_in_publicity(pool, client, staffed)

    async def raised() -> bool:
        listed = await client.get(f"{staffed.api}/objections", headers=staffed.auth("supervisor"))
        return [o["award_seq"] for o in listed.json()] == [award_seq]

    # From the public board: no login needed, and a login changes nothing.
    return Attempt(
        "POST",
        f"/api/v1/boards/{staffed.village.community_id}/objections",
        {"award_seq": award_seq, "reason": "情况不属实"},
        raised,
        {"X-Forwarded-For": f"10.79.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"},
    )


async def _uphold(pool, client: httpx.AsyncClient, staffed: Staffed) -> Attempt:
    household, award_seq = await _award_in_publicity(pool, client, staffed)
    objection = await client.post(
        f"/api/v1/boards/{staffed.village.community_id}/objections",
        json={"award_seq": award_seq, "reason": "情况不属实"},
        headers={"X-Forwarded-For": "10.80.0.1"},
    )

    async def rejected() -> bool:
        return (await queries.household(pool, staffed.village.community_id, household))["pending"] == 0

    return Attempt(
        "POST",
        f"/objections/{objection.json()['objection_id']}/decision",
        {"uphold": True, "reason": "经核实不属实"},
        rejected,
    )


async def _reverse(pool, client: httpx.AsyncClient, staffed: Staffed) -> Attempt:
    household = await add_household(pool, staffed.village, "001")
    await give_points(pool, staffed.village, household, 20)
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]

    async def reversed_() -> bool:
        return (await queries.household(pool, staffed.village.community_id, household))["spendable"] == 0

    return Attempt("POST", "/reversals", {"event_seq": head, "reason": "重复录入"}, reversed_)


async def _settle(pool, client: httpx.AsyncClient, staffed: Staffed) -> Attempt:
    async def settled() -> bool:
        events = await client.get(
            f"{staffed.api}/events?after=0&limit=500", headers=staffed.auth("committee")
        )
        return any(e["kind"].startswith("settlement.") for e in events.json()["events"])

    return Attempt("POST", "/settlements", {"year": end_of_last_year().year}, settled)


# step → (set-up, the callers who succeed, the code each other logged-in caller gets
# when it is not plain `forbidden`)
TABLE: dict[str, tuple[Callable, set[str], dict[str, str]]] = {
    "propose": (_propose, {"scorer", "committee"}, {}),
    # A supervisor decides only for staff households.
    "approve": (_approve, {"committee"}, {}),
    # Maker-checker: a committee member's own proposal waits for another committee member.
    "approve one's own proposal": (_approve_own, set(), {"committee": "own_proposal"}),
    "object": (_object, set(CALLERS), {}),
    "uphold": (_uphold, {"supervisor"}, {}),
    "reverse": (_reverse, {"supervisor"}, {}),
    "settle": (_settle, {"committee"}, {}),
}


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("step", list(TABLE))
async def test_each_step_is_open_to_exactly_its_roles(pool, client, staffed, step, caller):
    set_up, allowed, special_codes = TABLE[step]
    attempt = await set_up(pool, client, staffed)
    path = attempt.path if attempt.path.startswith("/api/") else staffed.api + attempt.path
    headers = dict(attempt.headers or {})
    if caller != "anonymous":
        headers |= staffed.auth(caller)
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    answer = await client.request(attempt.method, path, json=attempt.body, headers=headers)
    if caller in allowed:
        assert answer.status_code in (200, 201), answer.text
        assert await attempt.took_effect()
        return
    expected = "unauthorized" if caller == "anonymous" else special_codes.get(caller, "forbidden")
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["code"] == expected
    assert answer.status_code == (401 if caller == "anonymous" else 403)
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head
    assert not await attempt.took_effect()
