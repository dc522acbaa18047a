"""The log itself: events in order, and which were reversed."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.domain.events import Event
from ledger.store.types import Connectable

EVENT_COLUMNS = """community_id, seq, kind, recorded_at, occurred_on, actor_id, household_id,
    spendable_delta, pending_delta, honour_delta, money_delta_fen, body, idempotency_key,
    request_digest, canonical, previous_hash, hash"""


def event_from_record(record: asyncpg.Record) -> Event:
    return Event(**dict(record))


async def events_after(db: Connectable, community_id: uuid.UUID, after: int, limit: int) -> list[Event]:
    rows = await db.fetch(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE community_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",  # noqa: S608 constant column list
        community_id,
        after,
        limit,
    )
    return [event_from_record(row) for row in rows]


async def event_household(db: Connectable, community_id: uuid.UUID, seq: int) -> uuid.UUID | None:
    """The household an event is about (None: no such event, or one about no household)."""
    return await db.fetchval(
        "SELECT household_id FROM events WHERE community_id = $1 AND seq = $2", community_id, seq
    )


async def all_reversals(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        "SELECT reversed_seq, reversal_seq FROM reversals WHERE community_id = $1", community_id
    )
