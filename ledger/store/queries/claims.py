"""Claims as the card and the deciders read them: a household's own claims with where each
stands, and the open claims a decider may decide (the grid's scorer, or the committee)."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.store.types import Connectable


async def household_claims(
    db: Connectable, community_id: uuid.UUID, household_id: uuid.UUID, limit: int
) -> list[asyncpg.Record]:
    """The household's latest claims, newest first: open, rejected (with the reason), or
    approved — in publicity until a day, or confirmed (the award's publicity row, if any)."""
    return await db.fetch(
        """SELECT p.proposal_id, p.proposed_seq, r.name AS rule_name, r.points, p.note, p.status, p.claimed_on,
                  p.occurred_on, p.decision_reason, p.evidence_image_id IS NOT NULL AS has_evidence,
                  pub.status AS publicity_status, pub.ends_on
           FROM proposals p JOIN rules r USING (community_id, rule_id)
           LEFT JOIN publicity pub ON pub.community_id = p.community_id AND pub.award_seq = p.award_seq
           WHERE p.community_id = $1 AND p.household_id = $2 AND p.claimed
           ORDER BY p.proposed_seq DESC LIMIT $3""",
        community_id,
        household_id,
        limit,
    )


async def open_claims(
    db: Connectable, community_id: uuid.UUID, grid_ids: list[uuid.UUID] | None, limit: int
) -> list[asyncpg.Record]:
    """Open claims, oldest first: of the households placed in `grid_ids` (a scorer's), or of
    every household (None: the committee and the supervision committee)."""
    return await db.fetch(
        """SELECT p.proposal_id, p.batch_id, p.household_id, h.number, h.head_name, r.name AS rule_name, r.points,
                  r.needs_evidence, p.note, p.occurred_on, p.claimed_on,
                  p.evidence_image_id IS NOT NULL AS has_evidence, g.name AS grid_name
           FROM proposals p JOIN rules r USING (community_id, rule_id)
           JOIN households h USING (community_id, household_id)
           LEFT JOIN household_places pl ON pl.community_id = p.community_id AND pl.household_id = p.household_id
           LEFT JOIN community_groups g ON g.community_id = pl.community_id AND g.group_id = pl.grid_id
           WHERE p.community_id = $1 AND p.claimed AND p.status = 'proposed'
             AND ($2::uuid[] IS NULL OR pl.grid_id = any($2::uuid[]))
           ORDER BY p.proposed_seq LIMIT $3""",
        community_id,
        grid_ids,
        limit,
    )
