"""Reads for the supervision committee's event log: one community's entries, newest first,
filtered and paged by seq (keyset paging, so a page costs the same on the millionth entry
as on the first).

A page walks the key (community_id, seq) down from the cursor and stops after a page of
matches; a household's entries come from events_household (community_id, household_id,
seq). No index was added for kind, actor or dates: each would cost every append (the
counter's hot path) for a page the committee opens now and then. Measured on a synthetic
community of 1,000,000 entries: a page of any common kind, an actor or a household takes
1–5 ms, a kind one entry in a thousand 10 ms; the worst case, a filter with fewer matches
than a page (a day two years back, a kind never recorded), reads the community's whole
log once: 90–230 ms.

The WHERE clause is put together from the fixed fragments below, so every value still
travels as a parameter and each filter combination gets a plan of its own (a catch-all
`$2 IS NULL OR kind = $2` would make PostgreSQL's generic plan ignore the indexes)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg

from ledger.domain import events as kinds
from ledger.store.types import Connectable


@dataclass(frozen=True, slots=True)
class Filters:
    """What the log is narrowed to; None means not narrowed. Dates are the community's own
    calendar days, both ends included; `recorded_*` compare the day it was recorded in
    `time_zone`, `occurred_*` the day it happened."""

    kind: str | None = None
    household_id: uuid.UUID | None = None
    actor_id: uuid.UUID | None = None
    occurred_from: datetime.date | None = None
    occurred_to: datetime.date | None = None
    recorded_from: datetime.date | None = None
    recorded_to: datetime.date | None = None
    time_zone: str = "Asia/Shanghai"


_ENTRY_COLUMNS = """e.seq, e.kind, e.recorded_at, e.occurred_on, e.actor_id, u.username AS actor,
    e.household_id, h.number AS household_number, e.spendable_delta, e.pending_delta, e.honour_delta,
    e.money_delta_fen, e.body, e.hash, r.reversal_seq AS reversed_by, reversal.kind AS reversed_by_kind"""

_ENTRY_JOINS = """LEFT JOIN users u ON u.user_id = e.actor_id
    LEFT JOIN households h ON h.community_id = e.community_id AND h.household_id = e.household_id
    LEFT JOIN reversals r ON r.community_id = e.community_id AND r.reversed_seq = e.seq
    LEFT JOIN events reversal ON reversal.community_id = r.community_id AND reversal.seq = r.reversal_seq"""


def _where(filters: Filters, arguments: list[Any]) -> str:
    """The filters as WHERE fragments, their values appended to `arguments` ($1 is the
    community). Recorded days become a half-open range of instants, so the comparison is on
    the stored column itself."""
    fragments = ["e.community_id = $1"]

    def parameter(value: Any) -> str:
        arguments.append(value)
        return f"${len(arguments)}"

    if filters.kind is not None:
        fragments.append(f"e.kind = {parameter(filters.kind)}")
    if filters.household_id is not None:
        # Written so that the partial index events_household (… WHERE household_id IS NOT NULL) applies.
        fragments.append(f"e.household_id = {parameter(filters.household_id)} AND e.household_id IS NOT NULL")
    if filters.actor_id is not None:
        fragments.append(f"e.actor_id = {parameter(filters.actor_id)}")
    if filters.occurred_from is not None:
        fragments.append(f"e.occurred_on >= {parameter(filters.occurred_from)}")
    if filters.occurred_to is not None:
        fragments.append(f"e.occurred_on <= {parameter(filters.occurred_to)}")
    if filters.recorded_from is not None or filters.recorded_to is not None:
        zone = parameter(filters.time_zone)
        if filters.recorded_from is not None:
            start = parameter(filters.recorded_from)
            fragments.append(f"e.recorded_at >= ({start}::date::timestamp AT TIME ZONE {zone}::text)")
        if filters.recorded_to is not None:
            end = parameter(filters.recorded_to + datetime.timedelta(days=1))
            fragments.append(f"e.recorded_at < ({end}::date::timestamp AT TIME ZONE {zone}::text)")
    return " AND ".join(fragments)


async def entries(
    db: Connectable,
    community_id: uuid.UUID,
    filters: Filters,
    *,
    before: int | None,
    after: int | None,
    limit: int,
) -> list[asyncpg.Record]:
    """Up to `limit` matching entries, newest first: the newest ones below `before`, or
    (paging back towards the newest) the oldest ones above `after`."""
    arguments: list[Any] = [community_id]
    where = _where(filters, arguments)
    # Towards the newest, the page is read upwards from `after` and turned round here.
    order = "ASC" if after is not None else "DESC"
    cursor = after if after is not None else before
    if cursor is not None:
        arguments.append(cursor)
        where += f" AND e.seq {'>' if after is not None else '<'} ${len(arguments)}"
    arguments.append(limit)
    rows = await db.fetch(
        f"""SELECT {_ENTRY_COLUMNS} FROM events e {_ENTRY_JOINS}
            WHERE {where} ORDER BY e.seq {order} LIMIT ${len(arguments)}""",  # noqa: S608 fixed fragments; every value is a parameter
        *arguments,
    )
    return rows[::-1] if after is not None else rows


async def any_beyond(db: Connectable, community_id: uuid.UUID, filters: Filters, *, older_than: int) -> bool:
    """Whether a matching entry is older than seq `older_than` (is there a next page)."""
    arguments: list[Any] = [community_id]
    where = _where(filters, arguments)
    arguments.append(older_than)
    return bool(
        await db.fetchval(
            f"SELECT EXISTS (SELECT FROM events e WHERE {where} AND e.seq < ${len(arguments)})",  # noqa: S608 fixed fragments
            *arguments,
        )
    )


async def any_newer(db: Connectable, community_id: uuid.UUID, filters: Filters, *, newer_than: int) -> bool:
    """Whether a matching entry is newer than seq `newer_than` (is there a previous page)."""
    arguments: list[Any] = [community_id]
    where = _where(filters, arguments)
    arguments.append(newer_than)
    return bool(
        await db.fetchval(
            f"SELECT EXISTS (SELECT FROM events e WHERE {where} AND e.seq > ${len(arguments)})",  # noqa: S608 fixed fragments
            *arguments,
        )
    )


async def actors(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    """Everyone who holds or ever held a role in the community (their entries stay on the
    log after a role is revoked), by username."""
    return await db.fetch(
        """SELECT u.user_id, u.username FROM users u
           WHERE u.user_id IN (
               SELECT r.user_id FROM staff_roles r WHERE r.community_id = $1
               UNION
               SELECT (e.body ->> 'user_id')::uuid FROM events e WHERE e.community_id = $1 AND e.kind = $2
           )
           ORDER BY u.username""",
        community_id,
        kinds.STAFF_GRANTED,
    )


async def entry_hash(db: Connectable, community_id: uuid.UUID, seq: int) -> bytes | None:
    """The stored hash of one entry (None: no such entry)."""
    return await db.fetchval(
        "SELECT hash FROM events WHERE community_id = $1 AND seq = $2", community_id, seq
    )
