"""Proposals as the edges list and show them: open or decided ones, the open batches as the
committee reviews them, a batch's open members, and a proposal's evidence photo."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.store.types import Connectable


async def proposals(
    db: Connectable, community_id: uuid.UUID, status: str, limit: int
) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT p.proposal_id, p.batch_id, p.household_id, h.number, p.rule_id, r.code AS rule_code,
                  r.name AS rule_name, r.points, p.member, p.note, p.status, u.username AS proposer, p.proposed_seq,
                  p.occurred_on, r.needs_evidence, p.evidence_image_id IS NOT NULL AS has_evidence
           FROM proposals p JOIN rules r USING (community_id, rule_id)
           JOIN households h USING (community_id, household_id)
           LEFT JOIN users u ON u.user_id = p.proposer_id
           WHERE p.community_id = $1 AND p.status = $2 ORDER BY p.proposed_seq LIMIT $3""",
        community_id,
        status,
        limit,
    )


async def evidence(db: Connectable, community_id: uuid.UUID, proposal_id: uuid.UUID) -> asyncpg.Record | None:
    return await db.fetchrow(
        """SELECT i.media_type, i.content FROM proposals p
           JOIN images i ON i.community_id = p.community_id AND i.image_id = p.evidence_image_id
           WHERE p.community_id = $1 AND p.proposal_id = $2""",
        community_id,
        proposal_id,
    )


async def open_batches(db: Connectable, community_id: uuid.UUID, limit: int) -> list[asyncpg.Record]:
    """Open proposals by batch, oldest first: what was proposed, by whom, for how many
    households (the first 30 numbers shown), and whether every one has its photo."""
    return await db.fetch(
        """SELECT p.batch_id, r.code AS rule_code, r.name AS rule_name, r.points, r.needs_evidence,
                  u.username AS proposer, min(p.note) AS note, min(p.occurred_on) AS occurred_on,
                  bool_and(p.evidence_image_id IS NOT NULL) AS has_evidence,
                  (array_agg(p.proposal_id ORDER BY p.proposed_seq))[1] AS first_proposal,
                  count(*) AS households, (array_agg(h.number ORDER BY h.number))[1:30] AS numbers
           FROM proposals p JOIN rules r USING (community_id, rule_id)
           JOIN households h USING (community_id, household_id)
           LEFT JOIN users u ON u.user_id = p.proposer_id
           WHERE p.community_id = $1 AND p.status = 'proposed' AND NOT p.claimed  -- claims: their own page
           GROUP BY p.batch_id, r.code, r.name, r.points, r.needs_evidence, u.username
           ORDER BY min(p.proposed_seq) LIMIT $2""",
        community_id,
        limit,
    )
