"""The log itself: events in order, and which were reversed."""

from __future__ import annotations

import uuid

import asyncpg

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


async def effects_after(
    db: Connectable, community_id: uuid.UUID, after: int, limit: int
) -> list[EventEffect]:
    """The next events' effects (what the fold reads), in seq order: nine columns rather than
    seventeen, each record made a struct as it is (no dict, no keywords)."""
    rows = await db.fetch(
        """SELECT seq, kind, occurred_on, household_id::text, spendable_delta, pending_delta, honour_delta,
                  money_delta_fen, body
           FROM events WHERE community_id = $1 AND seq > $2 ORDER BY seq LIMIT $3""",
        community_id,
        after,
        limit,
    )
    return [EventEffect(*row) for row in rows]


# The canonical form of an event's columns, byte for byte as schema/functions/record.sql
# event_canonical writes it when it appends (jsonb's text: keys by length, then by bytes).
# Written out here, and as text rather than through jsonb_build_object: it is the check of
# every entry of the log, and joining the columns' texts costs a third of building a jsonb
# and printing it. Nor does it call that function: the check must not trust a function that
# whoever can change the log behind its guard can also replace. The nested body and the
# strings are printed by PostgreSQL's own JSON output (jsonb's text, to_json), as they are
# in the canonical form; tests/store/test_log_guards.py checks that both agree.
_CANONICAL_OF_COLUMNS = """convert_to('{"seq": ' || e.seq
    || ', "body": ' || e.body::text
    || ', "kind": ' || to_json(e.kind)::text
    || ', "actor_id": ' || coalesce('"' || e.actor_id::text || '"', 'null')
    || ', "occurred_on": ' || to_json(e.occurred_on)::text
    || ', "recorded_at": "' || to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '"'
    || ', "community_id": "' || e.community_id::text || '"'
    || ', "honour_delta": ' || e.honour_delta
    || ', "household_id": ' || coalesce('"' || e.household_id::text || '"', 'null')
    || ', "pending_delta": ' || e.pending_delta
    || ', "request_digest": ' || coalesce('"' || encode(e.request_digest, 'hex') || '"', 'null')
    || ', "idempotency_key": ' || coalesce(to_json(e.idempotency_key)::text, 'null')
    || ', "money_delta_fen": ' || e.money_delta_fen
    || ', "spendable_delta": ' || e.spendable_delta
    || '}', 'UTF8')"""


async def first_event_unlike_its_bytes(db: Connectable, community_id: uuid.UUID, up_to: int) -> int | None:
    """The first seq up to `up_to` whose columns say something else than its canonical bytes
    (None: every event's columns agree), asked for the whole log in one statement."""
    return await db.fetchval(
        f"""SELECT min(e.seq) FROM events e
            WHERE e.community_id = $1 AND e.seq <= $2 AND e.canonical IS DISTINCT FROM {_CANONICAL_OF_COLUMNS}""",  # noqa: S608 constant expression
        community_id,
        up_to,
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
