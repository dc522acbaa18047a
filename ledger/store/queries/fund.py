"""The happiness fund."""

from __future__ import annotations

import datetime
import uuid

import asyncpg

from ledger.domain import events as kinds
from ledger.store.types import Connectable


async def fund_balance(db: Connectable, community_id: uuid.UUID) -> int:
    balance = await db.fetchval(
        "SELECT balance_fen FROM community_funds WHERE community_id = $1", community_id
    )
    return 0 if balance is None else int(balance)


async def withdrawals(
    db: Connectable, community_id: uuid.UUID, resolution_id: uuid.UUID | None = None
) -> dict[uuid.UUID, int]:
    """The withdrawn resolutions (all, or the one named) → the seq of their withdrawal.

    Read from the log itself: a withdrawal is rare and has no column of its own in
    fund_resolutions (schema/0024), and the (community_id, kind, …) index finds these few
    events without a scan."""
    rows = await db.fetch(
        """SELECT (body ->> 'resolution_id')::uuid AS resolution_id, seq FROM events
           WHERE community_id = $1 AND kind = $2 AND ($3::text IS NULL OR body ->> 'resolution_id' = $3)""",
        community_id,
        kinds.FUND_RESOLUTION_WITHDRAWN,
        None if resolution_id is None else str(resolution_id),
    )
    return {row["resolution_id"]: row["seq"] for row in rows}


_RESOLUTION_COLUMNS = """r.resolution_id, r.resolved_seq, r.meeting, r.meeting_on, r.purpose, r.amount_fen,
       r.entitled, r.attended, r.voted_for, r.expenditure_seq, r.receipt_seq,
       e.occurred_on AS paid_on, e.body ->> 'payee' AS payee, -e.money_delta_fen AS paid_fen"""


async def resolutions(
    db: Connectable, community_id: uuid.UUID, since: datetime.date, limit: int
) -> list[asyncpg.Record]:
    """The resolutions still waiting for their expenditure, and those whose meeting or
    payment fell on or after `since`, newest first, with what was paid under each; never
    one withdrawn (recorded in error, it approved nothing)."""
    withdrawn = list(await withdrawals(db, community_id))
    return await db.fetch(
        f"""SELECT {_RESOLUTION_COLUMNS}
            FROM fund_resolutions r LEFT JOIN events e
                 ON e.community_id = r.community_id AND e.seq = r.expenditure_seq
            WHERE r.community_id = $1
              AND (r.expenditure_seq IS NULL OR r.meeting_on >= $2 OR e.occurred_on >= $2)
              AND NOT r.resolution_id = any($4::uuid[])
            ORDER BY r.resolved_seq DESC
            LIMIT $3""",  # noqa: S608 fixed column names
        community_id,
        since,
        limit,
        withdrawn,
    )


async def unused_resolutions(db: Connectable, community_id: uuid.UUID, limit: int) -> list[asyncpg.Record]:
    """The resolutions an expenditure may still name (neither used nor withdrawn), oldest first."""
    return await db.fetch(
        """SELECT resolution_id, meeting, meeting_on, purpose, amount_fen FROM fund_resolutions
           WHERE community_id = $1 AND expenditure_seq IS NULL AND NOT resolution_id = any($3::uuid[])
           ORDER BY resolved_seq LIMIT $2""",
        community_id,
        limit,
        list(await withdrawals(db, community_id)),
    )


async def all_resolutions(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    """Every resolution's use and receipt, for rebuild to compare with the log (its withdrawal,
    if any, is withdrawals')."""
    return await db.fetch(
        """SELECT resolution_id, expenditure_seq, receipt_seq FROM fund_resolutions
           WHERE community_id = $1 ORDER BY resolved_seq""",
        community_id,
    )


async def receipt_photo(
    db: Connectable, community_id: uuid.UUID, expenditure_seq: int
) -> asyncpg.Record | None:
    """The receipt photo of an expenditure paid under a resolution (what the board posts)."""
    return await db.fetchrow(
        """SELECT i.media_type, i.content, i.sha256 FROM fund_resolutions r
           JOIN images i ON i.community_id = r.community_id AND i.image_id = r.receipt_image_id
           WHERE r.community_id = $1 AND r.expenditure_seq = $2""",
        community_id,
        expenditure_seq,
    )
