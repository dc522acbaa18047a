"""The log itself: events in order, and which were reversed."""

from __future__ import annotations

import uuid

import asyncpg
import msgspec

from ledger.domain.chain import ChainLink
from ledger.domain.events import Event, EventEffect
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


async def chain_links_after(
    db: Connectable, community_id: uuid.UUID, after: int, limit: int
) -> list[ChainLink]:
    """The next links of the chain: (seq, canonical, previous_hash, hash), nothing else
    (records, which unpack as those tuples do: no copy a row)."""
    return await db.fetch(  # type: ignore[return-value]
        """SELECT seq, canonical, previous_hash, hash FROM events
           WHERE community_id = $1 AND seq > $2 ORDER BY seq LIMIT $3""",
        community_id,
        after,
        limit,
    )


_effects_decoder = msgspec.json.Decoder(list[EventEffect])


async def effects_after(
    db: Connectable, community_id: uuid.UUID, after: int, limit: int
) -> list[EventEffect]:
    """The next events' effects (what the fold reads), in seq order: one JSON array of rows
    a page, decoded into structs at once, rather than a record and a body to decode a row."""
    page = await db.fetchval(
        """SELECT json_agg(json_build_array(seq, kind, occurred_on, household_id, spendable_delta,
                   pending_delta, honour_delta, money_delta_fen, body) ORDER BY seq)::text
           FROM (SELECT * FROM events WHERE community_id = $1 AND seq > $2 ORDER BY seq LIMIT $3) e""",
        community_id,
        after,
        limit,
    )
    return [] if page is None else _effects_decoder.decode(page)


# The canonical form of an event's columns, as schema/functions/record.sql event_canonical
# writes it when it appends. Written out here rather than calling that function: the check
# must not trust a function that whoever can change the log behind its guard can also
# replace (tests/store/test_log_guards.py checks that both give the same bytes).
_CANONICAL_OF_COLUMNS = """convert_to(jsonb_build_object(
        'community_id', e.community_id,
        'seq', e.seq,
        'kind', e.kind,
        'recorded_at', to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'occurred_on', e.occurred_on,
        'actor_id', e.actor_id,
        'household_id', e.household_id,
        'spendable_delta', e.spendable_delta,
        'pending_delta', e.pending_delta,
        'honour_delta', e.honour_delta,
        'money_delta_fen', e.money_delta_fen,
        'body', e.body,
        'idempotency_key', e.idempotency_key,
        'request_digest', encode(e.request_digest, 'hex')
    )::text, 'UTF8')"""


async def first_event_unlike_its_bytes(db: Connectable, community_id: uuid.UUID) -> int | None:
    """The first seq whose columns say something else than its canonical bytes (None: every
    event's columns agree), asked for the whole log in one statement."""
    return await db.fetchval(
        f"""SELECT min(e.seq) FROM events e
            WHERE e.community_id = $1 AND e.canonical IS DISTINCT FROM {_CANONICAL_OF_COLUMNS}""",  # noqa: S608 constant expression
        community_id,
    )


async def event_household(db: Connectable, community_id: uuid.UUID, seq: int) -> uuid.UUID | None:
    """The household an event is about (None: no such event, or one about no household)."""
    return await db.fetchval(
        "SELECT household_id FROM events WHERE community_id = $1 AND seq = $2", community_id, seq
    )


async def all_reversals(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        "SELECT reversed_seq, reversal_seq FROM reversals WHERE community_id = $1", community_id
    )
