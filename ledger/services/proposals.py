"""Propose → decide (DESIGN §2): a scorer or the committee proposes an award or deduction for
one household or a batch, with a photo as evidence where the rule asks; someone else decides.
The store checks each step, fairness included, in the one call that records it."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger import limits
from ledger.domain import commands, fairness
from ledger.domain.images import CleanImage
from ledger.store import fairness as fairness_store
from ledger.store import proposals, queries
from ledger.store.queries import groups as group_reads


async def propose(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    proposer_id: uuid.UUID,
    command: commands.Propose,
    evidence: CleanImage | None = None,
) -> dict[str, Any]:
    """The proposals, and their photo if one came with them: they stand or fall together,
    being one call (ledger_propose), not a transaction of several."""
    return await proposals.propose(
        pool,
        community_id,
        proposer_id,
        command.rule_id,
        command.household_ids,
        command.member,
        command.note,
        command.occurred_on,
        evidence,
    )


async def households_to_propose_for(
    pool: asyncpg.Pool, community_id: uuid.UUID, proposer_id: uuid.UUID
) -> list[uuid.UUID]:
    """Every active household the proposer may propose for (what "every household" offers):
    those linked to them are left out, so that the batch is not refused whole. The proposal
    itself is still checked when it is recorded."""
    listed = await queries.households(pool, community_id, limits.HOUSEHOLDS_LISTED_MAX, "")
    linked = frozenset(await fairness_store.linked_households(pool, community_id, proposer_id))
    active = [row["household_id"] for row in listed if row["status"] == "active"]
    return fairness.free_of_links(active, linked)


async def households_of_my_grids(
    pool: asyncpg.Pool, community_id: uuid.UUID, proposer_id: uuid.UUID
) -> list[uuid.UUID]:
    """What "all households of my grid" offers a scorer: the active households of the grids
    they look after, those linked to them left out (as for "every household")."""
    grids = [row["group_id"] for row in await group_reads.grids_of_scorer(pool, community_id, proposer_id)]
    if not grids:
        return []
    placed = await group_reads.households_of_grids(pool, community_id, grids)
    linked = frozenset(await fairness_store.linked_households(pool, community_id, proposer_id))
    return fairness.free_of_links(placed, linked)


async def attach_evidence(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    proposer_id: uuid.UUID,
    proposal_id: uuid.UUID,
    image: CleanImage,
) -> None:
    async with pool.acquire() as connection:
        await proposals.attach_evidence(
            connection, community_id, proposer_id, [proposal_id], uuid.uuid4(), image
        )


async def decide(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    decider_id: uuid.UUID,
    decider_roles: frozenset[str],
    proposal_ids: list[uuid.UUID],
    command: commands.Decide,
) -> list[dict[str, Any]]:
    """Approve (each becomes an award at its rule's points now) or reject, all or none."""
    return await proposals.decide(
        pool,
        community_id,
        decider_id,
        decider_roles,
        command.approve,
        command.reason,
        proposal_ids=proposal_ids,
    )


async def decide_batch(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    decider_id: uuid.UUID,
    decider_roles: frozenset[str],
    batch_id: uuid.UUID,
    command: commands.Decide,
    shown: int | None = None,
) -> list[dict[str, Any]]:
    """Every open proposal of the batch, all or none; `shown`, when a page showed the batch,
    is how many households it showed, so that only what was on the screen is decided."""
    return await proposals.decide(
        pool,
        community_id,
        decider_id,
        decider_roles,
        command.approve,
        command.reason,
        batch_id=batch_id,
        shown=shown,
    )
