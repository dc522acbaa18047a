"""A direct award or deduction by the committee (DESIGN §2): checked and made in one
transaction, under the community's head lock. Role checks happen at the edge (api/guards);
this trusts its caller with the acting user's id."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger.domain import commands, fairness
from ledger.domain.dates import check_occurred_on
from ledger.domain.errors import Refused
from ledger.store import awards, queries, record
from ledger.store import fairness as fairness_store
from ledger.store.queries import policy as policy_reads


async def award(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    command: commands.Award,
    idempotency_key: str | None,
) -> dict[str, Any]:
    """Every rule is read after the head lock, in the transaction that records the award (the
    SQL function ledger_award runs on the same connection), so a policy changed or a link
    declared meanwhile is seen. A retry with the same Idempotency-Key answers first, as the
    first call did, whatever has changed since."""
    digest = commands.request_digest("award", command)
    async with pool.acquire() as connection, connection.transaction():
        await record.lock_community(connection, community_id)
        replayed = await record.replay(connection, community_id, idempotency_key, digest)
        if replayed is not None:
            return replayed
        policy = await policy_reads.policy(connection, community_id)
        today = await queries.local_today(connection, community_id)
        assert policy is not None and today is not None, "the community exists: its head is locked"
        check_occurred_on(command.occurred_on, today)
        if not policy["direct_awards"]:
            raise Refused(
                "proposal_required",
                "this community's policy sends every award and deduction through a proposal "
                "that someone else decides",
            )
        touched = [command.household_id]
        links = await fairness_store.links(connection, community_id, actor_id, touched)
        fairness.refuse(fairness.Act.AWARD, touched, links)
        return await awards.award(
            connection,
            community_id,
            actor_id,
            command.household_id,
            command.rule_id,
            command.member,
            command.note,
            command.occurred_on,
            idempotency_key,
            digest,
        )
