"""A reversal by the supervision committee: an award, deduction or redemption undone by a
new event, with its reason (the counter cancels its own redemption the same day through
services.counter.cancel). The API and every page come through here."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger.domain import commands, fairness
from ledger.store import fairness as fairness_store
from ledger.store import queries, record, reversals


async def reverse(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    roles: frozenset[str],
    command: commands.Reverse,
    idempotency_key: str | None,
) -> dict[str, Any]:
    """Only the supervision committee reverses, and nobody corrects the record in favour of a
    household linked to them: both asked after the head lock, in the transaction that
    records the reversal. A retry with the same Idempotency-Key answers as the first call did."""
    digest = commands.request_digest("reverse", command)
    async with pool.acquire() as connection, connection.transaction():
        await record.lock_community(connection, community_id)
        replayed = await record.replay(connection, community_id, idempotency_key, digest)
        if replayed is not None:
            return replayed
        household_id = await queries.event_household(connection, community_id, command.event_seq)
        touched = [] if household_id is None else [household_id]
        links = await fairness_store.links(connection, community_id, actor_id, touched)
        fairness.refuse(fairness.Act.REVERSE, touched, links, roles)
        return await reversals.reverse(
            connection, community_id, actor_id, command.event_seq, command.reason, idempotency_key, digest
        )
