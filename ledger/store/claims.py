"""Residents' own claims (村民申报), each one call of ledger_claim (schema/functions/claims.sql),
which checks every rule of a claim — the rule claimable, the household active, the limits
per card per day and per rule — under the head lock and writes all of it or nothing. A claim
is decided as any proposal is (ledger.store.proposals.decide). What the card and the
deciders read of claims is in ledger.store.queries.claims."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from ledger import limits
from ledger.domain.images import CleanImage
from ledger.store.proposals import evidence_arguments
from ledger.store.record import call_command
from ledger.store.types import Connectable

_CLAIM = "SELECT ledger_claim($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"


async def claim(
    db: Connectable,
    community_id: uuid.UUID,
    household_id: uuid.UUID,
    rule_id: uuid.UUID,
    note: str | None,
    occurred_on: datetime.date | None,
    evidence: CleanImage | None,
) -> dict[str, Any]:
    """The claim's proposal id, its event's seq, its points and how many claims the card has
    left today."""
    return await call_command(
        db,
        _CLAIM,
        community_id,
        household_id,
        rule_id,
        note,
        occurred_on,
        limits.BACKDATE_DAYS_MAX,
        *evidence_arguments(evidence),
    )
