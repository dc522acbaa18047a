"""The resident's card page in one statement: the card and its community's policy, the
household and its balance, its latest history, its awards in publicity, and its claims
section (the rules it may claim, the claims left today, its latest claims).

Once card_tokens has named the community, every part reads that community's rows alone
(each subquery has `community_id = $1`), so on Citus the statement is routed whole to the
community's worker: one command where the parts, read one by one, were six. The lists come
as jsonb arrays (dates as ISO text, the form the page shows them in), in their pages' order."""

from __future__ import annotations

import asyncpg

from ledger.store.types import Connectable

_CARD_PAGE = """
SELECT c.community_id, c.household_id, m.name AS community_name, m.star_thresholds, m.black_board_public,
       (now() AT TIME ZONE m.time_zone)::date AS today,
       h.number, h.head_name, b.spendable, b.pending, b.honour,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'seq', e.seq, 'kind', e.kind, 'occurred_on', e.occurred_on,
                   'spendable_delta', e.spendable_delta, 'pending_delta', e.pending_delta,
                   'honour_delta', e.honour_delta, 'body', e.body) ORDER BY e.seq DESC), '[]')
        FROM (SELECT seq, kind, occurred_on, spendable_delta, pending_delta, honour_delta, body FROM events
              WHERE community_id = $1 AND household_id = c.household_id ORDER BY seq DESC LIMIT $3) e
       ) AS history,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'award_seq', p.award_seq, 'points', p.points, 'ends_on', p.ends_on, 'rule_name', r.name,
                   'subject', p.subject, 'carried_honour', ci.honour, 'source_page', ci.source_page,
                   'source_line', ci.source_line, 'source_text', ci.source_text) ORDER BY p.award_seq), '[]')
        FROM publicity p LEFT JOIN rules r ON r.community_id = p.community_id AND r.rule_id = p.rule_id
        LEFT JOIN carry_ins ci ON ci.community_id = p.community_id AND ci.posted_seq = p.award_seq
        WHERE p.community_id = $1 AND p.household_id = c.household_id AND p.status = 'open'
       ) AS pending_in_publicity,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'rule_id', r.rule_id, 'name', r.name, 'points', r.points,
                   'needs_evidence', r.needs_evidence) ORDER BY r.code), '[]')
        FROM rules r WHERE r.community_id = $1 AND r.claimable AND r.status = 'active'
       ) AS claimable_rules,
       -- As ledger_claim counts them: the limit per card per day less the claims made today.
       greatest(m.claims_per_day_max - (
           SELECT count(*) FROM proposals p
           WHERE p.community_id = $1 AND p.household_id = c.household_id AND p.claimed
             AND p.claimed_on = (now() AT TIME ZONE m.time_zone)::date), 0)::integer AS claims_left_today,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                   'proposal_id', l.proposal_id, 'rule_name', l.rule_name, 'points', l.points,
                   'claimed_on', l.claimed_on, 'status', l.status, 'decision_reason', l.decision_reason,
                   'has_evidence', l.has_evidence, 'publicity_status', l.publicity_status,
                   'ends_on', l.ends_on) ORDER BY l.proposed_seq DESC), '[]')
        FROM (SELECT p.proposal_id, p.proposed_seq, r.name AS rule_name, r.points, p.status, p.claimed_on,
                     p.decision_reason, p.evidence_image_id IS NOT NULL AS has_evidence,
                     pub.status AS publicity_status, pub.ends_on
              FROM proposals p JOIN rules r ON r.community_id = p.community_id AND r.rule_id = p.rule_id
              LEFT JOIN publicity pub ON pub.community_id = p.community_id AND pub.award_seq = p.award_seq
              WHERE p.community_id = $1 AND p.household_id = c.household_id AND p.claimed
              ORDER BY p.proposed_seq DESC LIMIT $4) l
       ) AS claims
FROM cards c JOIN communities m ON m.community_id = c.community_id
JOIN households h ON h.community_id = c.community_id AND h.household_id = c.household_id
JOIN household_balances b ON b.community_id = c.community_id AND b.household_id = c.household_id
WHERE c.community_id = $1 AND c.token_hash = $2 AND c.revoked_at IS NULL"""


async def card_page(
    db: Connectable, token_hash: bytes, history_entries: int, claims_shown: int
) -> asyncpg.Record | None:
    """The live card with this token's hash and all its page shows, or None."""
    community_id = await db.fetchval("SELECT community_id FROM card_tokens WHERE token_hash = $1", token_hash)
    if community_id is None:
        return None
    row: asyncpg.Record | None = await db.fetchrow(
        _CARD_PAGE, community_id, token_hash, history_entries, claims_shown
    )
    return row
