"""The monthly red and black lists, from the log: confirmed awards (or deductions) that
happened in the month and have not been reversed."""

from __future__ import annotations

import datetime
import uuid

import asyncpg

from ledger.store.types import Connectable


async def monthly(
    db: Connectable, community_id: uuid.UUID, kind: str, first: datetime.date, last: datetime.date, limit: int
) -> list[asyncpg.Record]:
    order = "DESC" if kind == "award.confirmed" else "ASC"  # most earned / most deducted first
    return await db.fetch(
        f"""SELECT h.number, h.head_name, sum(e.honour_delta)::bigint AS points, count(*) AS times
            FROM events e JOIN households h ON h.community_id = e.community_id AND h.household_id = e.household_id
            WHERE e.community_id = $1 AND e.kind = $2 AND e.occurred_on BETWEEN $3 AND $4
              AND NOT EXISTS (SELECT FROM reversals r WHERE r.community_id = e.community_id AND r.reversed_seq = e.seq)
            GROUP BY h.household_id, h.number, h.head_name
            ORDER BY points {order}, h.number
            LIMIT $5""",  # noqa: S608 the order is one of two constants
        community_id,
        kind,
        first,
        last,
        limit,
    )
