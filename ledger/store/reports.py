"""Sums over a community's log for the reconciliation report (SQL only; the arithmetic
and the naming of mismatches are in services/reconciliation.py)."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.store.types import Connectable


async def points_by_kind(db: Connectable, community_id: uuid.UUID) -> dict[str, int]:
    rows = await db.fetch(
        """SELECT kind, sum(spendable_delta)::bigint AS points FROM events
           WHERE community_id = $1 AND spendable_delta <> 0 GROUP BY kind""",
        community_id,
    )
    return {row["kind"]: int(row["points"]) for row in rows}


async def points_outstanding(db: Connectable, community_id: uuid.UUID) -> int:
    return int(
        await db.fetchval(
            "SELECT coalesce(sum(spendable), 0)::bigint FROM household_balances WHERE community_id = $1",
            community_id,
        )
    )


async def stock_movements(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    """Per goods item: what the log moved in and out, beside the shelf's figure."""
    return await db.fetch(
        """WITH moves AS (
               SELECT (body ->> 'goods_id')::uuid AS goods_id,
                      CASE kind WHEN 'stock.received' THEN (body ->> 'quantity')::bigint
                                WHEN 'stock.written_off' THEN -(body ->> 'quantity')::bigint
                                WHEN 'stock.counted' THEN (body ->> 'difference')::bigint END AS quantity,
                      kind
               FROM events WHERE community_id = $1
                 AND kind IN ('stock.received', 'stock.written_off', 'stock.counted')
               UNION ALL
               SELECT (line ->> 'goods_id')::uuid, -(line ->> 'quantity')::bigint, kind
               FROM events, jsonb_array_elements(body -> 'lines') AS line
               WHERE community_id = $1 AND kind = 'redemption.made'
               UNION ALL
               SELECT (line ->> 'goods_id')::uuid, (line ->> 'quantity')::bigint, kind
               FROM events, jsonb_array_elements(body -> 'stock') AS line
               WHERE community_id = $1 AND kind IN ('reversal.recorded', 'redemption.cancelled')
           )
           SELECT g.goods_id, g.code, g.name, g.points, g.status, s.stock,
                  coalesce(sum(m.quantity) FILTER (WHERE m.kind = 'stock.received'), 0)::bigint AS received,
                  coalesce(-sum(m.quantity) FILTER (WHERE m.kind = 'stock.written_off'), 0)::bigint AS written_off,
                  coalesce(sum(m.quantity) FILTER (WHERE m.kind = 'stock.counted'), 0)::bigint AS counted_difference,
                  coalesce(-sum(m.quantity) FILTER (WHERE m.kind = 'redemption.made'), 0)::bigint AS redeemed,
                  coalesce(sum(m.quantity) FILTER (WHERE m.kind IN ('reversal.recorded', 'redemption.cancelled')), 0)
                      ::bigint AS returned,
                  coalesce(sum(m.quantity), 0)::bigint AS moved
           FROM goods g JOIN goods_stock s USING (community_id, goods_id)
           LEFT JOIN moves m ON m.goods_id = g.goods_id
           WHERE g.community_id = $1
           GROUP BY g.goods_id, g.code, g.name, g.points, g.status, s.stock
           ORDER BY g.code""",
        community_id,
    )


async def fund_purchases(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    """Each fund expenditure with the stock receipts that name it."""
    return await db.fetch(
        """SELECT e.seq, e.occurred_on, e.body ->> 'purpose' AS purpose, e.body ->> 'payee' AS payee,
                  (e.body ->> 'amount_fen')::bigint AS amount_fen,
                  count(r.seq) AS receipts, coalesce(sum((r.body ->> 'quantity')::bigint), 0)::bigint AS quantity
           FROM events e
           LEFT JOIN events r ON r.community_id = e.community_id AND r.kind = 'stock.received'
                AND (r.body ->> 'fund_expenditure_seq')::bigint = e.seq
           WHERE e.community_id = $1 AND e.kind = 'fund.spent'
           GROUP BY e.community_id, e.seq ORDER BY e.seq""",
        community_id,
    )


async def unlinked_purchases(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    """Stock received as bought, without naming the fund expenditure that paid for it."""
    return await db.fetch(
        """SELECT seq, occurred_on, body ->> 'goods_id' AS goods_id, (body ->> 'quantity')::bigint AS quantity
           FROM events WHERE community_id = $1 AND kind = 'stock.received'
             AND coalesce(body ->> 'source', 'purchase') = 'purchase' AND body ->> 'fund_expenditure_seq' IS NULL
           ORDER BY seq""",
        community_id,
    )


async def carried_in(db: Connectable, community_id: uuid.UUID) -> asyncpg.Record:
    """What was carried over from paper, by the log (carried-in events) and by the tables
    (the sheets' lines and the fund's opening balance), to be compared."""
    row = await db.fetchrow(
        """SELECT count(*) FILTER (WHERE e.kind = 'carry_in.confirmed') AS households_by_log,
                  coalesce(sum(e.spendable_delta) FILTER (WHERE e.kind = 'carry_in.confirmed'), 0)::bigint
                      AS spendable_by_log,
                  coalesce(sum(e.honour_delta) FILTER (WHERE e.kind = 'carry_in.confirmed'), 0)::bigint
                      AS honour_by_log,
                  coalesce(sum(e.money_delta_fen) FILTER (WHERE e.kind = 'fund.carried_in'), 0)::bigint
                      AS fund_fen_by_log,
                  (SELECT count(*) FROM carry_ins c WHERE c.community_id = $1 AND c.status = 'confirmed')
                      AS households,
                  (SELECT coalesce(sum(c.spendable), 0)::bigint FROM carry_ins c
                   WHERE c.community_id = $1 AND c.status = 'confirmed') AS spendable,
                  (SELECT coalesce(sum(c.honour), 0)::bigint FROM carry_ins c
                   WHERE c.community_id = $1 AND c.status = 'confirmed') AS honour,
                  (SELECT count(*) FROM carry_ins c WHERE c.community_id = $1 AND c.status = 'publicity')
                      AS households_in_publicity,
                  (SELECT coalesce(sum(c.spendable), 0)::bigint FROM carry_ins c
                   WHERE c.community_id = $1 AND c.status = 'publicity') AS spendable_in_publicity,
                  (SELECT coalesce(sum(f.amount_fen), 0)::bigint FROM fund_openings f
                   WHERE f.community_id = $1 AND f.carried_seq IS NOT NULL) AS fund_fen
           FROM events e WHERE e.community_id = $1 AND e.kind IN ('carry_in.confirmed', 'fund.carried_in')""",
        community_id,
    )
    assert row is not None, "an aggregate always answers one row"
    return row
