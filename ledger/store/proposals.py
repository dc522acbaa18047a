"""Proposals and their decisions. A batch is one transaction: every household is checked
first, and one bad household leaves nothing proposed. Fairness (ledger.domain.fairness) is
asked inside that transaction, after the head lock, with the links read there. What the
edges list and show of proposals is read in ledger.store.queries.proposals."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from ledger.domain import events as kinds
from ledger.domain import fairness
from ledger.domain.dates import check_occurred_on
from ledger.domain.errors import Refused
from ledger.domain.images import CleanImage
from ledger.store import fairness as fairness_store
from ledger.store import images, queries
from ledger.store.record import answer_or_refusal, append, lock_head
from ledger.store.types import Connection


async def propose(
    connection: Connection,
    community_id: uuid.UUID,
    proposer_id: uuid.UUID,
    rule_id: uuid.UUID,
    household_ids: list[uuid.UUID],
    member: str | None,
    note: str | None,
    occurred_on: datetime.date | None,
) -> dict[str, Any]:
    async with connection.transaction():
        await lock_head(connection, community_id)
        rule = await connection.fetchrow(
            "SELECT code, name, points, status FROM rules WHERE community_id = $1 AND rule_id = $2",
            community_id,
            rule_id,
        )
        if rule is None:
            raise Refused("not_found", "no such rule in this community")
        if rule["status"] != "active":
            raise Refused("rule_retired", "the rule is retired")
        today = await queries.local_today(connection, community_id)
        assert today is not None, "the head lock was taken: the community exists"
        check_occurred_on(occurred_on, today)
        found = {
            row["household_id"]: row["status"]
            for row in await connection.fetch(
                "SELECT household_id, status FROM households WHERE community_id = $1 AND household_id = any($2::uuid[])",
                community_id,
                household_ids,
            )
        }
        for row, household_id in enumerate(household_ids, 1):
            if household_id not in found:
                raise Refused(
                    "not_found",
                    "household {household_id} (item {row} of the batch) is not in this community; "
                    "nothing was proposed",
                    row=row,
                    household_id=str(household_id),
                )
            if found[household_id] != "active":
                raise Refused(
                    "household_closed",
                    "household {household_id} (item {row}) has moved out or closed; nothing was proposed",
                    row=row,
                    household_id=str(household_id),
                )
        links = await fairness_store.links(connection, community_id, proposer_id, household_ids)
        fairness.refuse(fairness.Act.PROPOSE, household_ids, links)
        batch_id = uuid.uuid4()
        proposal_ids = await connection.fetchval(
            "SELECT ledger_propose_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            community_id,
            proposer_id,
            batch_id,
            rule_id,
            rule["code"],
            rule["name"],
            rule["points"],
            list(dict.fromkeys(household_ids)),
            member,
            note,
            occurred_on,
        )
        return {"batch_id": str(batch_id), "proposal_ids": [str(p) for p in proposal_ids]}


async def decide(
    connection: Connection,
    community_id: uuid.UUID,
    decider_id: uuid.UUID,
    proposal_ids: list[uuid.UUID],
    approve: bool,
    reason: str | None,
    decider_roles: frozenset[str],
) -> list[dict[str, Any]]:
    """Approve (each becomes an award at its rule's points now) or reject, all or none."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        rows = await connection.fetch(
            """SELECT proposal_id, household_id, rule_id, member, note, occurred_on, proposer_id, status
               FROM proposals WHERE community_id = $1 AND proposal_id = any($2::uuid[])""",
            community_id,
            proposal_ids,
        )
        if len(rows) != len(set(proposal_ids)):
            raise Refused("not_found", "no such proposal in this community")
        for row in rows:
            if row["status"] != "proposed":
                raise Refused(
                    "already_decided",
                    "proposal {proposal_id} was already {status}",
                    proposal_id=str(row["proposal_id"]),
                    status=row["status"],
                )
            if row["proposer_id"] == decider_id:
                raise Refused("own_proposal", "nobody approves or rejects their own proposal")
        if approve:
            missing = await connection.fetchval(
                """SELECT p.proposal_id FROM proposals p JOIN rules r USING (community_id, rule_id)
                   WHERE p.community_id = $1 AND p.proposal_id = any($2::uuid[])
                     AND r.needs_evidence AND p.evidence_image_id IS NULL LIMIT 1""",
                community_id,
                proposal_ids,
            )
            if missing is not None:
                raise Refused(
                    "evidence_required",
                    "proposal {proposal_id} needs a photo as evidence before approval",
                    proposal_id=str(missing),
                )
        households = [row["household_id"] for row in rows]
        links = await fairness_store.links(connection, community_id, decider_id, households)
        fairness.refuse(fairness.Act.DECIDE, households, links, decider_roles)
        answers = await connection.fetchval(
            "SELECT ledger_decide_batch($1, $2, $3, $4, $5)",
            community_id,
            decider_id,
            proposal_ids,
            approve,
            reason,
        )
        decisions = [answer_or_refusal(answer) for answer in answers]  # a refused award raises: all or none
        for decision in decisions:
            decision.pop("replayed")
            if not approve:
                del decision["award_seq"], decision["points"]
        return decisions


async def attach_evidence(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID,
    proposal_ids: list[uuid.UUID],
    image_id: uuid.UUID,
    image: CleanImage,
) -> None:
    """One photo as the evidence of one proposal, or of every proposal of a batch (the
    photo of a clean-up day shows everyone who came): stored once, chained per proposal."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        rows = await connection.fetch(
            """SELECT proposal_id, household_id, status, proposer_id FROM proposals
               WHERE community_id = $1 AND proposal_id = any($2::uuid[]) ORDER BY proposed_seq""",
            community_id,
            proposal_ids,
        )
        if len(rows) != len(set(proposal_ids)):
            raise Refused("not_found", "no such proposal in this community")
        for row in rows:
            if row["status"] != "proposed":
                raise Refused("already_decided", "the proposal was already {status}", status=row["status"])
            if row["proposer_id"] != actor_id:
                raise Refused("forbidden", "only the proposer adds evidence to a proposal")
        await images.insert(connection, community_id, image_id, image)
        for row in rows:
            # The photo's hash is chained: the evidence the committee saw cannot be swapped later.
            await append(
                connection,
                community_id,
                kinds.EVIDENCE_ADDED,
                actor_id,
                {
                    "proposal_id": str(row["proposal_id"]),
                    "image_id": str(image_id),
                    "sha256": image.sha256.hex(),
                },
                household_id=row["household_id"],
            )
        await connection.execute(
            "UPDATE proposals SET evidence_image_id = $3 WHERE community_id = $1 AND proposal_id = any($2::uuid[])",
            community_id,
            proposal_ids,
            image_id,
        )
