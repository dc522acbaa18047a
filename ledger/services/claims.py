"""Residents' own claims (村民申报): a household claims a claimable red-list rule from its card
(a note, a photo), and the scorer of its grid or the committee decides the claim as any
proposal (maker-checker; the fairness rules apply to the decider). Every rule of a claim is
checked in ledger_claim, of its decision in ledger_decide, under the head lock."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger import limits
from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.domain.images import CleanImage
from ledger.domain.roles import Role
from ledger.services import cards
from ledger.store import claims, proposals
from ledger.store.queries import claims as claim_reads
from ledger.store.queries import groups as group_reads


async def claim(
    pool: asyncpg.Pool, token: str, command: commands.Claim, evidence: CleanImage | None = None
) -> dict[str, Any]:
    """The claim of the card's household: its proposal id, points and the claims left today.
    An unknown or revoked card is refused as not found (the card page says no more)."""
    holder = await cards.card_holder(pool, token)
    if holder is None:
        raise Refused("not_found", "no such card, or it was revoked")
    community_id, household_id = holder
    return await claims.claim(
        pool, community_id, household_id, command.rule_id, command.note, command.occurred_on, evidence
    )


async def attach_evidence(pool: asyncpg.Pool, token: str, proposal_id: uuid.UUID, image: CleanImage) -> None:
    """A photo added to one of the card's own open claims."""
    holder = await cards.card_holder(pool, token)
    if holder is None:
        raise Refused("not_found", "no such card, or it was revoked")
    community_id, household_id = holder
    async with pool.acquire() as connection:
        await proposals.attach_evidence(
            connection,
            community_id,
            None,
            [proposal_id],
            uuid.uuid4(),
            image,
            claimant_household_id=household_id,
        )


async def open_claims(
    pool: asyncpg.Pool, community_id: uuid.UUID, user_id: uuid.UUID, roles: frozenset[str]
) -> list[asyncpg.Record]:
    """The open claims this staff member may decide: every one for the committee and the
    supervision committee, those of their grids for a scorer (none if they have no grid:
    then the committee decides)."""
    if roles & {Role.COMMITTEE, Role.SUPERVISOR}:
        return await claim_reads.open_claims(pool, community_id, None, limits.CLAIMS_LISTED_MAX)
    grids = [row["group_id"] for row in await group_reads.grids_of_scorer(pool, community_id, user_id)]
    if not grids:
        return []
    return await claim_reads.open_claims(pool, community_id, grids, limits.CLAIMS_LISTED_MAX)


async def decide(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    decider_id: uuid.UUID,
    decider_roles: frozenset[str],
    proposal_id: uuid.UUID,
    command: commands.Decide,
) -> dict[str, Any]:
    """Approve (an award at the rule's points now, into publicity where it must) or reject a
    claim; a rejection says why, for the resident reads it on the card."""
    if not command.approve and not (command.reason or "").strip():
        raise Refused("validation_failed", "a rejected claim says why: the resident reads it on the card")
    decided = await proposals.decide(
        pool,
        community_id,
        decider_id,
        decider_roles,
        command.approve,
        command.reason,
        proposal_ids=[proposal_id],
    )
    return decided[0]
