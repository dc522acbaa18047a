"""Proposals and their decisions, each one call of a SQL function (schema/functions/
proposals.sql) that checks the command's every rule — fairness included — under the head
lock and writes all of it or nothing: one statement, its own transaction, so that on Citus
it is delegated whole to the community's worker. A batch is all or nothing: one bad
household leaves nothing proposed. What the edges list and show of proposals is read in
ledger.store.queries.proposals."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from ledger import limits
from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.domain.images import CleanImage
from ledger.store import images
from ledger.store.record import append, call_command, lock_head
from ledger.store.types import Connectable, Connection

_PROPOSE = "SELECT ledger_propose($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
_DECIDE = "SELECT ledger_decide($1, $2, $3, $4, $5, $6, $7, $8)"


async def propose(
    db: Connectable,
    community_id: uuid.UUID,
    proposer_id: uuid.UUID,
    rule_id: uuid.UUID,
    household_ids: list[uuid.UUID],
    member: str | None,
    note: str | None,
    occurred_on: datetime.date | None,
    evidence: CleanImage | None = None,
) -> dict[str, Any]:
    """The batch and its proposal ids; with `evidence`, the photo stored and chained as the
    evidence of every proposal of the batch in the same call."""
    answer = await call_command(
        db,
        _PROPOSE,
        community_id,
        proposer_id,
        rule_id,
        household_ids,
        member,
        note,
        occurred_on,
        limits.BACKDATE_DAYS_MAX,
        *evidence_arguments(evidence),
    )
    return {"batch_id": answer["batch_id"], "proposal_ids": answer["proposal_ids"]}


def evidence_arguments(evidence: CleanImage | None) -> tuple[Any, ...]:
    if evidence is None:
        return (None, None, None, None, None)
    return (evidence.media_type, evidence.content, evidence.sha256, evidence.width, evidence.height)


async def decide(
    db: Connectable,
    community_id: uuid.UUID,
    decider_id: uuid.UUID,
    decider_roles: frozenset[str],
    approve: bool,
    reason: str | None,
    *,
    proposal_ids: list[uuid.UUID] | None = None,
    batch_id: uuid.UUID | None = None,
    shown: int | None = None,
) -> list[dict[str, Any]]:
    """Approve (each becomes an award at its rule's points now) or reject, all or none: the
    proposals named, or every open one of a batch (`shown`: how many a page showed of it)."""
    assert (proposal_ids is None) != (batch_id is None), "proposals by their ids or by their batch"
    answer = await call_command(
        db,
        _DECIDE,
        community_id,
        decider_id,
        sorted(decider_roles),
        proposal_ids,
        batch_id,
        shown,
        approve,
        reason,
    )
    decisions = answer["decisions"]
    for decision in decisions:
        if not approve:
            del decision["award_seq"], decision["points"]
    return decisions


async def attach_evidence(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    proposal_ids: list[uuid.UUID],
    image_id: uuid.UUID,
    image: CleanImage,
    *,
    claimant_household_id: uuid.UUID | None = None,
) -> None:
    """One photo as the evidence of one proposal, or of every proposal of a batch (the
    photo of a clean-up day shows everyone who came): stored once, chained per proposal.
    Its proposer adds it — or, to a resident's claim, the household that claimed
    (`claimant_household_id`, from its card; no actor then)."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        rows = await connection.fetch(
            """SELECT proposal_id, household_id, status, proposer_id, claimed FROM proposals
               WHERE community_id = $1 AND proposal_id = any($2::uuid[]) ORDER BY proposed_seq""",
            community_id,
            proposal_ids,
        )
        if len(rows) != len(set(proposal_ids)):
            raise Refused("not_found", "no such proposal in this community")
        for row in rows:
            if claimant_household_id is not None:
                if not row["claimed"] or row["household_id"] != claimant_household_id:
                    # Another household's claim is not this card's to know of.
                    raise Refused("not_found", "no such proposal in this community")
            elif row["proposer_id"] != actor_id:
                raise Refused("forbidden", "only the proposer adds evidence to a proposal")
            if row["status"] != "proposed":
                raise Refused("already_decided", "the proposal was already {status}", status=row["status"])
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
