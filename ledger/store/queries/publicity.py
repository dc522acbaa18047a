"""Publicity (公示) as it is read: what is on the board, the objections waiting for the
supervision committee, and a household's awards still in publicity."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.store.types import Connectable


async def board(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    """The awards in publicity, each with its household, rule, carried-in line and how
    many open objections it has. The subqueries in the select list name the community
    itself ($1), not the outer row's: Citus plans the whole query for the community's
    shard only when every distributed table in it is pinned to that community, and refuses
    a correlated one beside the outer joins ("complex joins…"). On PostgreSQL the
    plan is the same."""
    return await db.fetch(
        """SELECT p.award_seq, p.points, p.occurred_on, p.ends_on, p.note, p.member, h.number, h.head_name,
                  EXISTS (SELECT FROM staff_household_links l WHERE l.community_id = $1
                          AND l.household_id = p.household_id AND l.kind = 'own') AS staff_household,
                  r.code AS rule_code, r.name AS rule_name,
                  (SELECT count(*) FROM objections o WHERE o.community_id = $1
                       AND o.award_seq = p.award_seq AND o.status = 'open') AS open_objections,
                  p.subject, c.honour AS carried_honour, c.source_page, c.source_line, c.source_text
           FROM publicity p JOIN households h ON h.community_id = p.community_id AND h.household_id = p.household_id
           LEFT JOIN rules r ON r.community_id = p.community_id AND r.rule_id = p.rule_id
           LEFT JOIN carry_ins c ON c.community_id = p.community_id AND c.posted_seq = p.award_seq
           WHERE p.community_id = $1 AND p.status = 'open' ORDER BY p.award_seq""",
        community_id,
    )


async def open_objections(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT o.objection_id, o.award_seq, o.reason, o.via, o.raised_seq, h.number, p.points, p.ends_on
           FROM objections o JOIN publicity p USING (community_id, award_seq)
           JOIN households h ON h.community_id = p.community_id AND h.household_id = p.household_id
           WHERE o.community_id = $1 AND o.status = 'open' ORDER BY o.raised_seq""",
        community_id,
    )


async def open_objections_by_award(
    db: Connectable, community_id: uuid.UUID, shown_per_award: int
) -> list[asyncpg.Record]:
    """Open objections, award by award (in the order they were posted): each row carries
    its award's figures and how many open objections the award has, and only the first
    `shown_per_award` of each award's objections come back, so a flood on one award stays
    one bounded item."""
    return await db.fetch(
        """SELECT * FROM (
               SELECT o.objection_id, o.award_seq, o.reason, o.via, o.raised_seq,
                      h.number, h.head_name, p.points, p.ends_on, p.status AS publicity_status,
                      p.subject, r.name AS rule_name,
                      count(*) OVER (PARTITION BY o.award_seq) AS open_objections,
                      row_number() OVER (PARTITION BY o.award_seq ORDER BY o.raised_seq) AS place
               FROM objections o JOIN publicity p USING (community_id, award_seq)
               JOIN households h ON h.community_id = p.community_id AND h.household_id = p.household_id
               LEFT JOIN rules r ON r.community_id = p.community_id AND r.rule_id = p.rule_id
               WHERE o.community_id = $1 AND o.status = 'open'
           ) listed
           WHERE place <= $2 ORDER BY award_seq, place""",
        community_id,
        shown_per_award,
    )
