"""Steps several API tests take to reach the state they are about."""

from __future__ import annotations

import uuid

import httpx

from tests.server import Staffed


async def award_in_publicity(
    client: httpx.AsyncClient,
    staffed: Staffed,
    household: uuid.UUID,
    points: int = 50,
    name: str = "见义勇为",
    days: int = 5,
) -> int:
    """A committee award by a rule that needs publicity: posted on the board as pending.
    Its seq (what an objection names)."""
    committee = staffed.auth("committee")
    await client.patch(f"{staffed.api}/policy", json={"publicity_days": days}, headers=committee)
    rule = await client.post(
        f"{staffed.api}/rules",
        json={"code": f"P{points}", "name": name, "points": points, "needs_publicity": True},
        headers=committee,
    )
    award = await client.post(
        f"{staffed.api}/awards",
        json={"household_id": str(household), "rule_id": rule.json()["id"]},
        headers=committee,
    )
    assert award.json()["kind"] == "publicity.started", award.text
    return award.json()["event_seq"]
