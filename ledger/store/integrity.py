"""Integrity of the record: walk the hash chain (verify) and replay the log (rebuild)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import re
import uuid
from collections.abc import Callable, Iterator

import asyncpg

from ledger.domain.chain import ChainReport, ChainWalker
from ledger.domain.projection import HouseholdFigures, Projection
from ledger.store import activity, carry_over, distribution, queries
from ledger.store.queries import events as event_reads
from ledger.store.queries import fund as fund_reads
from ledger.store.queries import groups as group_reads
from ledger.store.types import Connectable, Connection

# Entries a page: large, so the walk pays a round trip per 50,000 SHA-256s rather than per
# few thousand (a page of links is some 20 MB in memory).
PAGE = 50_000

Advance = Callable[[int], None]  # told how many more entries are done (a progress bar)


def not_shown(_amount: int) -> None:
    """The progress of work nobody watches."""


async def verify(
    db: Connectable,
    community_id: uuid.UUID,
    advance: Advance = not_shown,
    companion: Connection | None = None,
) -> ChainReport | None:
    """Walk the community's whole chain; None when there is no such community.

    In one repeatable-read snapshot (unless the caller's transaction already is one): the
    head and the entries are read as of one moment, so entries appended during a long
    walk are neither counted against a head read before them nor taken for a break.

    With a `companion` connection (the command line's), the database compares every
    entry's columns with its bytes on it, in the same snapshot, while the links are hashed
    here: the two halves of the work on two cores rather than one after the other."""
    if isinstance(db, asyncpg.Pool):
        async with db.acquire() as connection:
            return await verify(connection, community_id, advance, companion)
    if db.is_in_transaction():
        return await _walk(db, community_id, advance, companion)
    async with db.transaction(isolation="repeatable_read", readonly=True):
        return await _walk(db, community_id, advance, companion)


async def _walk(
    db: Connection, community_id: uuid.UUID, advance: Advance, companion: Connection | None
) -> ChainReport | None:
    """The links are walked here, a page at a time (one SHA-256 an entry); whether every
    entry's columns say what its bytes say is asked of the database in one statement of
    the same snapshot, and only the first entry it names is read whole, to name the columns."""
    head = await queries.community(db, community_id)
    if head is None:
        return None
    walker = ChainWalker()
    if companion is None:
        await _walk_links(db, community_id, walker, advance)
        unlike = await event_reads.first_event_unlike_its_bytes(db, community_id, head["head_seq"])
    else:
        snapshot = None if await distribution.is_citus(db) else await _exported_snapshot(db)
        async with companion.transaction(isolation="repeatable_read", readonly=True):
            if snapshot is not None:
                await companion.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            _, unlike = await asyncio.gather(
                _walk_links(db, community_id, walker, advance),
                event_reads.first_event_unlike_its_bytes(companion, community_id, head["head_seq"]),
            )
    if unlike is not None:
        [event] = await queries.events_after(db, community_id, unlike - 1, 1)
        walker.columns_disagree(event)
    return walker.report(head["head_seq"], head["head_hash"])


async def _walk_links(db: Connection, community_id: uuid.UUID, walker: ChainWalker, advance: Advance) -> None:
    after = 0
    while True:
        page = await event_reads.chain_links_after(db, community_id, after, PAGE)
        if not page:
            return
        intact = walker.feed_links(page)
        advance(len(page) if intact else walker.count - after)
        if not intact:
            return
        after = page[-1][0]


_SNAPSHOT_NAME = re.compile(r"[0-9A-F]+-[0-9A-F]+-[0-9]+")


async def _exported_snapshot(db: Connection) -> str | None:
    """The name of the transaction's snapshot, for another connection to read in it. (On
    Citus a snapshot is each worker's own, so there is none to share: the companion then
    reads in its own, bounded by the head this one read; entries up to it never change.)"""
    name = await db.fetchval("SELECT pg_export_snapshot()")
    # SET TRANSACTION SNAPSHOT takes no parameter: the name goes into the statement, so it
    # must be the server's hexadecimal name and nothing else.
    return name if isinstance(name, str) and _SNAPSHOT_NAME.fullmatch(name) else None


async def replay(db: Connectable, community_id: uuid.UUID, advance: Advance = not_shown) -> Projection:
    """The log folded into projections. The next page is asked for before this one is folded,
    and the fold lets the event loop in now and then, so PostgreSQL reads the next page (and
    the rows come in) while Python folds: the two halves of the work on two cores."""
    projection = Projection()
    apply = projection.apply
    with _cycle_collector_paused():
        page = await event_reads.effects_after(db, community_id, 0, PAGE)
        while page:
            following = asyncio.ensure_future(event_reads.effects_after(db, community_id, page[-1].seq, PAGE))
            try:
                for start in range(0, len(page), _FOLDED_BETWEEN_READS):
                    await asyncio.sleep(0)  # the event loop takes in the rows that came meanwhile
                    for event in page[start : start + _FOLDED_BETWEEN_READS]:
                        apply(event)
            except BaseException:
                # The read ahead must not outlive the replay: the connection is the caller's.
                following.cancel()
                with contextlib.suppress(BaseException):
                    await following
                raise
            advance(len(page))
            page = await following
    return projection


_FOLDED_BETWEEN_READS = 2_000


@contextlib.contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """A replay makes millions of small objects, none of them in a cycle, and keeps many (the
    projection grows); Python's cycle collector would walk them again and again, which took
    half of a long replay's time. Plain reference counting frees them all the same."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


async def stored_projection(db: Connectable, community_id: uuid.UUID) -> Projection:
    projection = Projection()
    for row in await queries.all_household_figures(db, community_id):
        projection.households[str(row["household_id"])] = HouseholdFigures(
            row["spendable"], row["pending"], row["honour"], row["last_seq"]
        )
    for row in await queries.all_stock(db, community_id):
        projection.stock[str(row["goods_id"])] = row["stock"]
    for row in await queries.all_reversals(db, community_id):
        projection.reversed_seqs[row["reversed_seq"]] = row["reversal_seq"]
    projection.fund_fen = await queries.fund_balance(db, community_id)
    for row in await carry_over.live_lines(db, community_id):
        projection.carried_in[str(row["household_id"])] = row["status"]
    opening = await carry_over.live_fund_opening(db, community_id)
    if opening is not None:
        projection.fund_opening = "proposed" if opening["carried_seq"] is None else "confirmed"
    for row in await group_reads.all_groups(db, community_id):
        parent = None if row["parent_id"] is None else str(row["parent_id"])
        projection.groups[str(row["group_id"])] = (row["kind"], row["name"], parent, row["status"])
    for row in await group_reads.all_places(db, community_id):
        grid = None if row["grid_id"] is None else str(row["grid_id"])
        projection.places[str(row["household_id"])] = (str(row["group_id"]), grid, row["moved_seq"])
    for row in await group_reads.all_scorer_grids(db, community_id):
        projection.scorer_grids[f"{row['user_id']} {row['grid_id']}"] = row["assigned_seq"]
    withdrawn = await fund_reads.withdrawals(db, community_id)
    for row in await fund_reads.all_resolutions(db, community_id):
        projection.fund_resolutions[str(row["resolution_id"])] = (
            row["expenditure_seq"],
            row["receipt_seq"],
            withdrawn.get(row["resolution_id"]),
        )
    await activity.read_into(db, community_id, projection)
    return projection


POINTS_OF_HOUSEHOLD_IN_MONTH = "points of household in month (points, entries)"
# What `rebuild` rewrites from the log. The rest (which entries are reversed, which
# households are carried in, the groups and grids, where households belong, which grids
# a scorer looks after, which resolutions are used or withdrawn) are guards the commands consult: a
# difference there is named, never rewritten — it means the tables were edited behind the
# record's back.
REWRITTEN = frozenset(
    {
        "household",
        "goods stock",
        "fund balance (fen)",
        "activity of month",
        "household taking part in month",
        POINTS_OF_HOUSEHOLD_IN_MONTH,
    }
)


def differences(replayed: Projection, stored: Projection, names: frozenset[str] | None = None) -> list[str]:
    """Every row where the stored projections differ from the replayed log, named (only
    those of `names`, when given)."""
    found = []
    for name, left, right in (
        ("household", replayed.households, stored.households),
        ("goods stock", replayed.stock, stored.stock),
        ("reversal of seq", replayed.reversed_seqs, stored.reversed_seqs),
        ("fund balance (fen)", {"fund": replayed.fund_fen}, {"fund": stored.fund_fen}),
        ("carry-over of household", replayed.carried_in, stored.carried_in),
        (
            "carry-over of the fund's opening balance",
            {"fund": replayed.fund_opening},
            {"fund": stored.fund_opening},
        ),
        ("group or grid", replayed.groups, stored.groups),
        ("place of household", replayed.places, stored.places),
        ("scorer and grid", replayed.scorer_grids, stored.scorer_grids),
        (
            "fund resolution (expenditure, receipt, withdrawal)",
            replayed.fund_resolutions,
            stored.fund_resolutions,
        ),
        ("activity of month", replayed.activity, stored.activity),
        (
            "household taking part in month",
            dict.fromkeys(replayed.households_taking_part, True),
            dict.fromkeys(stored.households_taking_part, True),
        ),
        (POINTS_OF_HOUSEHOLD_IN_MONTH, replayed.month_points, stored.month_points),
    ):
        if names is not None and name not in names:
            continue
        for key in sorted(set(left) | set(right), key=str):
            if left.get(key) != right.get(key):  # type: ignore[call-overload]
                found.append(f"{name} {key}: log gives {left.get(key)}, table has {right.get(key)}")  # type: ignore[call-overload]
    return found


async def check_rebuild(db: Connectable, community_id: uuid.UUID, advance: Advance = not_shown) -> list[str]:
    return differences(await replay(db, community_id, advance), await stored_projection(db, community_id))


async def rebuild(
    connection: Connection, community_id: uuid.UUID, advance: Advance = not_shown
) -> tuple[list[str], list[str]]:
    """Rewrite the balance, stock, fund and monthly activity projections from the log; return what was
    corrected, and the differences rebuild does not rewrite (see REWRITTEN).

    Holds the community's head lock, so no command changes the log while it replays."""
    async with connection.transaction():
        await connection.execute("SELECT ledger_lock_head($1)", community_id)
        replayed = await replay(connection, community_id, advance)
        stored = await stored_projection(connection, community_id)
        found = differences(replayed, stored, REWRITTEN)
        remaining = [line for line in differences(replayed, stored) if line not in found]
        await connection.executemany(
            """UPDATE household_balances SET spendable = $3, pending = $4, honour = $5, last_seq = $6
               WHERE community_id = $1 AND household_id = $2""",
            [
                (community_id, uuid.UUID(key), f.spendable, f.pending, f.honour, f.last_seq)
                for key, f in replayed.households.items()
            ],
        )
        await connection.executemany(
            "UPDATE goods_stock SET stock = $3 WHERE community_id = $1 AND goods_id = $2",
            [(community_id, uuid.UUID(key), stock) for key, stock in replayed.stock.items()],
        )
        await connection.execute(
            "UPDATE community_funds SET balance_fen = $2 WHERE community_id = $1",
            community_id,
            replayed.fund_fen,
        )
        if any(
            line.startswith(("activity of month", "household taking part", POINTS_OF_HOUSEHOLD_IN_MONTH))
            for line in found
        ):
            await activity.rewrite(connection, community_id, replayed)
        return found, remaining
