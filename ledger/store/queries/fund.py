"""The happiness fund."""

from __future__ import annotations

import datetime
import uuid

import asyncpg

from ledger.store.types import Connectable


async def fund_balance(db: Connectable, community_id: uuid.UUID) -> int:
    balance = await db.fetchval(
        "SELECT balance_fen FROM community_funds WHERE community_id = $1", community_id
    )
    return 0 if balance is None else int(balance)


_RESOLUTION_COLUMNS = """r.resolution_id, r.resolved_seq, r.meeting, r.meeting_on, r.purpose, r.amount_fen,
       r.entitled, r.attended, r.voted_for, r.expenditure_seq, r.receipt_seq,
       e.occurred_on AS paid_on, e.body ->> 'payee' AS payee, -e.money_delta_fen AS paid_fen"""


async def resolutions(
    db: Connectable, community_id: uuid.UUID, since: datetime.date, limit: int
) -> list[asyncpg.Record]:
    """The resolutions still waiting for their expenditure, and those whose meeting or
    payment fell on or after `since`, newest first, with what was paid under each."""
    return await db.fetch(
        f"""SELECT {_RESOLUTION_COLUMNS}
            FROM fund_resolutions r LEFT JOIN events e
                 ON e.community_id = r.community_id AND e.seq = r.expenditure_seq
            WHERE r.community_id = $1
              AND (r.expenditure_seq IS NULL OR r.meeting_on >= $2 OR e.occurred_on >= $2)
            ORDER BY r.resolved_seq DESC
            LIMIT $3""",  # noqa: S608 fixed column names
        community_id,
        since,
        limit,
    )


async def unused_resolutions(db: Connectable, community_id: uuid.UUID, limit: int) -> list[asyncpg.Record]:
    """The resolutions an expenditure may still name, oldest first."""
    return await db.fetch(
        """SELECT resolution_id, meeting, meeting_on, purpose, amount_fen FROM fund_resolutions
           WHERE community_id = $1 AND expenditure_seq IS NULL
           ORDER BY resolved_seq LIMIT $2""",
        community_id,
        limit,
    )


async def all_resolutions(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    """Every resolution's use and receipt, for rebuild to compare with the log."""
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
