"""The supervision committee's reading of the record: the event log filtered and paged,
and the integrity check (walk the chain, compare an old print-out). Reversals from the log
go through services.reversals.reverse, the one use case that writes them."""

from __future__ import annotations

import datetime
import re
import uuid
import zoneinfo
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import asyncpg
import msgspec

from ledger import limits
from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.store import event_log, integrity, queries

# Every kind the log can hold, for the kind filter: the upper-case string constants of
# ledger.domain.events (a new kind added there is offered here without another list).
KINDS: tuple[str, ...] = tuple(
    sorted(value for name, value in vars(kinds).items() if name.isupper() and isinstance(value, str))
)

# What ledger_reverse (schema/functions/reversals.sql) accepts; the page offers the reverse button only on these.
REVERSIBLE_KINDS = frozenset({kinds.AWARD_CONFIRMED, kinds.DEDUCTION_RECORDED, kinds.REDEMPTION_MADE})

Seq = Annotated[int, msgspec.Meta(ge=1, le=limits.SEQ_MAX)]


class LogQuery(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The log page's filters and cursor, as the page's GET form sends them. `dates` says
    which day the range compares: the day it happened or the day it was recorded."""

    kind: str | None = None
    household: Annotated[str, msgspec.Meta(max_length=limits.HOUSEHOLD_NUMBER_LENGTH_MAX)] | None = None
    actor: uuid.UUID | None = None
    dates: Literal["occurred", "recorded"] = "occurred"
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    before: Seq | None = None
    after: Annotated[int, msgspec.Meta(ge=0, le=limits.SEQ_MAX)] | None = None


@dataclass(frozen=True, slots=True)
class LogPage:
    entries: list[dict[str, Any]]  # newest first; each with "reversible"
    older: int | None  # the `before` cursor of the next (older) page, None: this is the last
    newer: int | None  # the `after` cursor of the previous (newer) page, None: this is the newest
    actors: list[dict[str, Any]]  # user_id, username: who may be chosen in the actor filter
    unknown_household: str | None  # the household number asked for, when no household has it
    time_zone: str  # the community's, for showing when each entry was recorded


# The days a filter may name: the record begins well after the first and ends well before
# the last (a day past 9999-12-31 cannot even be computed).
EARLIEST_DAY = datetime.date(2000, 1, 1)
LATEST_DAY = datetime.date(2100, 12, 31)


def check_query(query: LogQuery) -> LogQuery:
    """What the query's types cannot say: the kind is one the log holds, the days are in order."""
    if query.kind is not None and query.kind not in KINDS:
        raise Refused("validation_failed", "there is no kind of entry called {kind}", kind=query.kind)
    for day in (query.date_from, query.date_to):
        if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
            raise Refused(
                "validation_failed",
                "a day from {earliest} to {latest}, please",
                earliest=EARLIEST_DAY.isoformat(),
                latest=LATEST_DAY.isoformat(),
            )
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise Refused(
            "validation_failed",
            "the first day {date_from} is after the last day {date_to}",
            date_from=query.date_from.isoformat(),
            date_to=query.date_to.isoformat(),
        )
    return query


async def page(pool: asyncpg.Pool, community_id: uuid.UUID, query: LogQuery) -> LogPage:
    check_query(query)
    community = await queries.community(pool, community_id)
    if community is None:
        raise Refused("not_found", "no such community")
    actors = [dict(row) for row in await event_log.actors(pool, community_id)]
    household_id = None
    number = (query.household or "").strip()
    if number:
        household_id = await queries.household_by_number(pool, community_id, number)
        if household_id is None:
            return LogPage([], None, None, actors, number, community["time_zone"])
    recorded = query.dates == "recorded"
    filters = event_log.Filters(
        kind=query.kind,
        household_id=household_id,
        actor_id=query.actor,
        occurred_from=None if recorded else query.date_from,
        occurred_to=None if recorded else query.date_to,
        recorded_from=query.date_from if recorded else None,
        recorded_to=query.date_to if recorded else None,
        time_zone=community["time_zone"],
    )
    size = limits.EVENT_LOG_ENTRIES_PER_PAGE
    # One entry more than a page says whether the direction read goes on; the other
    # direction is asked directly.
    rows = await event_log.entries(
        pool, community_id, filters, before=query.before, after=query.after, limit=size + 1
    )
    more_that_way = len(rows) > size
    if query.after is not None:
        rows = rows[len(rows) - size :] if more_that_way else rows  # the oldest `size` above `after`
    else:
        rows = rows[:size]
    entries = [_entry(row) for row in rows]
    if not entries:
        return LogPage([], None, None, actors, None, community["time_zone"])
    newest, oldest = entries[0]["seq"], entries[-1]["seq"]
    if query.after is not None:
        older = oldest if await event_log.any_beyond(pool, community_id, filters, older_than=oldest) else None
        newer = newest if more_that_way else None
    else:
        older = oldest if more_that_way else None
        newer = (
            newest
            if query.before is not None
            and await event_log.any_newer(pool, community_id, filters, newer_than=newest)
            else None
        )
    return LogPage(entries, older, newer, actors, None, community["time_zone"])


def _entry(row: asyncpg.Record) -> dict[str, Any]:
    entry = dict(row)
    entry["hash"] = row["hash"].hex()
    entry["reversible"] = row["kind"] in REVERSIBLE_KINDS and row["reversed_by"] is None
    return entry


@dataclass(frozen=True, slots=True)
class IntegrityCheck:
    community: str
    ok: bool
    events: int
    head_seq: int
    head_hash: str  # hex
    first_bad_seq: int | None
    missing: bool  # the first bad entry is missing (a gap), rather than changed
    checked_at: datetime.datetime  # in the community's time zone


async def check(pool: asyncpg.Pool, community_id: uuid.UUID) -> IntegrityCheck:
    """Walk the whole chain. In one repeatable-read snapshot: the head row and the entries
    are read as of one moment, so an entry appended during a long walk is neither counted
    against the head read before it nor taken for a broken chain."""
    async with pool.acquire() as connection:
        async with connection.transaction(isolation="repeatable_read", readonly=True):
            community = await queries.community(connection, community_id)
            report = await integrity.verify(connection, community_id)
    if community is None or report is None:
        raise Refused("not_found", "no such community")
    return IntegrityCheck(
        community=community["name"],
        ok=report.ok,
        events=report.events,
        head_seq=report.head_seq,
        head_hash=report.head_hash,
        first_bad_seq=report.first_bad_seq,
        missing=report.missing,
        checked_at=datetime.datetime.now(zoneinfo.ZoneInfo(community["time_zone"])),
    )


Comparison = Literal["same", "different", "no_such_entry", "changed_before"]


class PrintOut(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What an old certificate or board print-out says: an entry number and its fingerprint."""

    seq: Seq
    hash: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


_NOT_HEX = re.compile(r"[^0-9a-f]")


def printed_hash(typed: str) -> str:
    """The 64 hex digits of a hash as a person types it from paper (groups, spaces, capitals)."""
    digits = _NOT_HEX.sub("", typed.lower())
    if len(digits) != 64:
        raise Refused(
            "validation_failed",
            "a record fingerprint has 64 letters and digits (0-9, a-f); {count} were typed",
            count=len(digits),
        )
    return digits


async def compare(
    pool: asyncpg.Pool, community_id: uuid.UUID, checked: IntegrityCheck, print_out: PrintOut
) -> Comparison:
    """An old print-out (its entry number and fingerprint) against the record now. The same
    fingerprint proves every entry up to that one unchanged only if the chain up to it
    verifies, so a break at or before it is said first."""
    seq = print_out.seq
    printed = printed_hash(print_out.hash)
    stored = await event_log.entry_hash(pool, community_id, seq)
    if stored is None:
        return "no_such_entry"
    if not checked.ok and checked.first_bad_seq is not None and checked.first_bad_seq <= seq:
        return "changed_before"
    return "same" if stored.hex() == printed else "different"
