"""What a resident's card shows of claims (村民申报): the rules the household may claim, how
many claims it has left today, and its latest claims with where each stands."""

from __future__ import annotations

from typing import Any

import asyncpg


def claims_on_card(card: asyncpg.Record) -> dict[str, Any]:
    """The card's claims section, in the shape of the card's JSON (CardView), from the card
    page's one statement (ledger/store/queries/card_page.py: ids and dates already text)."""
    return {
        "claimable_rules": [
            {
                "rule_id": rule["rule_id"],
                "name": rule["name"],
                "points": rule["points"],
                "needs_evidence": rule["needs_evidence"],
            }
            for rule in card["claimable_rules"]
        ],
        "claims_left_today": card["claims_left_today"],
        "claims": [
            {
                "proposal_id": row["proposal_id"],
                "rule_name": row["rule_name"],
                "points": row["points"],
                "claimed_on": row["claimed_on"],
                "state": claim_state(row["status"], row["publicity_status"]),
                "in_publicity_until": row["ends_on"] if row["publicity_status"] == "open" else None,
                "reason": row["decision_reason"] if row["status"] == "rejected" else None,
                "has_photo": row["has_evidence"],
            }
            for row in card["claims"]
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
