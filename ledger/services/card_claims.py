"""What a resident's card shows of claims (村民申报): the rules the household may claim, how
many claims it has left today, and its latest claims with where each stands."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger import limits
from ledger.store.queries import claims as claim_reads


async def claims_on_card(
    pool: asyncpg.Pool, community_id: uuid.UUID, household_id: uuid.UUID
) -> dict[str, Any]:
    """The card's claims section, in the shape of the card's JSON (CardView)."""
    rules = await claim_reads.claimable_rules(pool, community_id)
    left_today = await claim_reads.claims_left_today(pool, community_id, household_id)
    return {
        "claimable_rules": [
            {
                "rule_id": str(rule["rule_id"]),
                "name": rule["name"],
                "points": rule["points"],
                "needs_evidence": rule["needs_evidence"],
            }
            for rule in rules
        ],
        "claims_left_today": left_today,
        "claims": [
            {
                "proposal_id": str(row["proposal_id"]),
                "rule_name": row["rule_name"],
                "points": row["points"],
                "claimed_on": row["claimed_on"].isoformat(),
                "state": claim_state(row["status"], row["publicity_status"]),
                "in_publicity_until": row["ends_on"].isoformat()
                if row["publicity_status"] == "open"
                else None,
                "reason": row["decision_reason"] if row["status"] == "rejected" else None,
                "has_photo": row["has_evidence"],
            }
            for row in await claim_reads.household_claims(
                pool, community_id, household_id, limits.CLAIMS_ON_CARD
            )
        ],
    }


def claim_state(status: str, publicity_status: str | None) -> str:
    """Where a claim stands for the resident: waiting for a decision, rejected, approved and
    in publicity, approved and confirmed (given at once, or its publicity ended), or approved
    but then struck off in publicity (an objection upheld)."""
    if status != "approved":
        return status  # proposed or rejected
    return {None: "confirmed", "open": "in_publicity", "confirmed": "confirmed"}.get(
        publicity_status, "withdrawn"
    )
