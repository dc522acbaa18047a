"""The data the benchmarks run on: a fresh database, communities with goods, stock,
households, cards and staff, the pgbench tables, and a village with a long log for the board.

The only module of the benchmarks that imports the ledger: when the ledger's modules move,
this is the one file to change. The others take what they need of it from here.
"""

from __future__ import annotations

import asyncio
import datetime
import uuid
from pathlib import Path
from typing import Any

import asyncpg

from ledger import embedded
from ledger.domain.activity import months_back
from ledger.progress import Shown, progress
from ledger.services import cards, security
from ledger.services.demo import _csv_rows
from ledger.store import accounts, awards, hierarchy, rules, staff, supermarket
from ledger.store import communities as community_store
from ledger.store import households as household_store
from ledger.store.migrations import load_migrations, migrate, split_statements
from ledger.store.pool import connect_owner, create_pool
from ledger.store.types import Connection
from ops.benchmarks.board_data import BOARD_FILL
from ops.benchmarks.overview_data import OVERVIEW_FILL

BENCH_DATABASE = "ledger_bench"
BENCH_PASSWORD = "bench-password-not-secret"
BATCH_SIZE = 500
STARTING_POINTS = 100_000
STOCK = 10_000_000
# Everyday goods only (≤ 25 points): the cart a counter rings up most.
EVERYDAY_POINTS = 25
BOARD_CHUNK = 100_000  # events per transaction, so a chunk's work is committed as it goes
# Communities prepared at once: each holds one of the pool's connections while it is filled,
# and the others must not wait past the pool's bounded acquire (50 communities on Citus did).
PREPARED_AT_ONCE = 8

__all__ = [
    "BATCH_SIZE",
    "BENCH_PASSWORD",
    "connect_owner",
    "fresh_database",
    "migrate_database",
    "pgbench_executable",
    "prepare",
    "prepare_board_village",
    "prepare_overview_area",
    "progress",
]


def fresh_database(home: Path) -> str:
    """The bench database on the embedded PostgreSQL under `home`, made anew; its URL."""
    return embedded.ensure_database(home, BENCH_DATABASE, fresh=True)


def pgbench_executable() -> Path:
    """The bundled PostgreSQL's pgbench, the same version as the server it measures."""
    return embedded.binaries() / "pgbench"


async def migrate_database(url: str) -> None:
    """`ledger migrate` on `url`'s database (on a Citus coordinator it also distributes)."""
    owner = await connect_owner(url)
    try:
        await migrate(owner)
    finally:
        await owner.close()


async def prepare(
    url: str, communities: int, households: int, *, pgbench_tables: bool = True
) -> dict[str, Any]:
    """Communities of `households` each with the demo goods, everyone with points to spend;
    and pgbench's tables unless told not to (on Citus, where `ledger migrate` refuses a table
    it has no place for, and the server migrates as it starts)."""
    owner = await connect_owner(url)
    try:
        await migrate(owner)
        if pgbench_tables:
            await create_pgbench_tables(owner, communities * households)
    finally:
        await owner.close()
    pool = await create_pool(url, minimum=4, maximum=12)
    try:
        user_id = await accounts.create_user(
            pool, uuid.uuid4(), "bench_counter", "bench", security.hash_password(BENCH_PASSWORD)
        )
        goods_rows = _csv_rows("goods.csv")
        at_once = asyncio.Semaphore(PREPARED_AT_ONCE)
        total = max(households, BATCH_SIZE) + (communities - 1) * households
        with progress(f"{communities} communities", total=total, unit="households") as shown:

            async def prepare_one(index: int) -> dict[str, Any]:
                async with at_once:
                    return await prepare_community(pool, index, households, user_id, goods_rows, shown)

            prepared = await asyncio.gather(*[prepare_one(index) for index in range(communities)])
    finally:
        await pool.close()
    return {"communities": prepared}


async def create_pgbench_tables(owner: asyncpg.Connection, households: int) -> None:
    """pgbench's tables: the least a redemption can be, a balance row and an event row."""
    await owner.execute(
        """CREATE TABLE bench_balance (household integer PRIMARY KEY, spendable bigint NOT NULL);
           CREATE TABLE bench_event (seq bigserial PRIMARY KEY, household integer NOT NULL,
               points integer NOT NULL, body jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())"""
    )
    await owner.execute(
        "INSERT INTO bench_balance SELECT n, $1 FROM generate_series(1, $2) n", STARTING_POINTS, households
    )


async def prepare_community(
    pool: asyncpg.Pool,
    index: int,
    households: int,
    user_id: uuid.UUID,
    goods_rows: list[dict[str, str]],
    shown: Shown,
) -> dict[str, Any]:
    """One community: its counter, goods in stock and households with their opening points;
    the first one also gets cards (redemption by card) and a batch rule with its staff."""
    community_id = uuid.uuid4()
    async with pool.acquire() as connection:
        await community_store.create_community(connection, community_id, f"压测村{index:02d}", None, None)
        await staff.grant_role(connection, community_id, None, user_id, "bench_counter", "counter")
        rule_id = uuid.uuid4()
        await rules.define_rule(
            connection, community_id, None, rule_id, "BENCH", "压测起始积分", "", "", STARTING_POINTS, False
        )
        goods_ids = await stock_goods(connection, community_id, goods_rows)
        # The first community is at least 500 households: the batch-award scenario needs them.
        count = max(households, BATCH_SIZE) if index == 0 else households
        household_ids = await register_households(connection, community_id, rule_id, count, shown)
    everyday = [
        goods_id
        for goods_id, row in zip(goods_ids, goods_rows, strict=True)
        if int(row["points"]) <= EVERYDAY_POINTS
    ]
    card_tokens: list[str] = []
    batch_rule = None
    if index == 0:
        card_tokens = await issue_cards(pool, community_id, household_ids)
        batch_rule = str(await prepare_batch_award(pool, community_id))
    return {
        "community_id": str(community_id),
        "households": household_ids,
        "goods": everyday,
        "cards": card_tokens,
        "batch_rule": batch_rule,
    }


async def stock_goods(
    connection: Connection, community_id: uuid.UUID, goods_rows: list[dict[str, str]]
) -> list[str]:
    """The demo goods listed, each with more stock than any run can take."""
    goods_ids = []
    for row in goods_rows:
        goods_id = uuid.uuid4()
        await supermarket.list_goods(
            connection,
            community_id,
            None,
            goods_id,
            row["code"],
            row["name_zh"],
            "",
            row["category"],
            row["unit"],
            int(row["points"]),
        )
        await supermarket.receive_stock(connection, community_id, None, goods_id, STOCK, None, None, None)
        goods_ids.append(str(goods_id))
    return goods_ids


async def register_households(
    connection: Connection, community_id: uuid.UUID, rule_id: uuid.UUID, count: int, shown: Shown
) -> list[str]:
    """`count` households, each awarded the opening rule once."""
    household_ids = []
    for number in range(1, count + 1):
        household_id = uuid.uuid4()
        await household_store.register_household(
            connection, community_id, None, household_id, f"{number:04d}", "压测户"
        )
        await awards.award(
            connection, community_id, None, household_id, rule_id, None, None, None, None, None
        )
        household_ids.append(str(household_id))
        shown.advance()
    return household_ids


async def issue_cards(pool: asyncpg.Pool, community_id: uuid.UUID, household_ids: list[str]) -> list[str]:
    """A card for each household: the tokens the redemption-by-card scenario scans."""
    tokens = []
    for household in household_ids:
        issued = await cards.issue_card(pool, community_id, None, uuid.UUID(household))
        tokens.append(issued.token)
    return tokens


async def prepare_batch_award(pool: asyncpg.Pool, community_id: uuid.UUID) -> uuid.UUID:
    """The batch award's rule, a scorer to propose it and a committee member to approve it."""
    batch_rule = uuid.uuid4()
    async with pool.acquire() as connection:
        await rules.define_rule(
            connection, community_id, None, batch_rule, "BATCH", "压测批量加分", "", "", 1, False
        )
        for username, role in (("bench_scorer", "scorer"), ("bench_committee", "committee")):
            staff_id = await accounts.create_user(
                pool, uuid.uuid4(), username, role, security.hash_password(BENCH_PASSWORD)
            )
            await staff.grant_role(connection, community_id, None, staff_id, username, role)
    return batch_rule


async def prepare_board_village(url: str, events: int, households: int = 500) -> dict[str, Any]:
    """A community with `events` on its log: two years of awards (60 %), deductions (10 %)
    and redemptions (30 %) spread over its households, chained as the ledger chains them;
    and the same awards and deductions copied into a plain table for the baseline."""
    community_id = uuid.uuid4()
    household_ids = [uuid.uuid4() for _ in range(households)]
    pool = await create_pool(url, minimum=1, maximum=2)
    try:
        async with pool.acquire() as connection:
            await community_store.create_community(connection, community_id, "压测榜单村", None, None)
            for number, household_id in enumerate(household_ids, 1):
                await household_store.register_household(
                    connection, community_id, None, household_id, f"{number:04d}", "王建国"
                )
    finally:
        await pool.close()
    owner = await connect_owner(url)
    try:
        await owner.execute(BOARD_FILL)
        today = await owner.fetchval(
            "SELECT (now() AT TIME ZONE time_zone)::date FROM communities WHERE community_id = $1",
            community_id,
        )
        with progress("board village", total=events, unit="events") as shown:
            for start in range(0, events, BOARD_CHUNK):
                chunk = min(BOARD_CHUNK, events - start)
                await owner.execute(
                    "SELECT bench_fill($1, $2, $3, $4)", community_id, household_ids, chunk, today
                )
                shown.advance(chunk)
        await fill_activity_as_the_migration_does(owner)
        await settle_board_village(owner, community_id)
        total = await owner.fetchval(
            "SELECT head_seq FROM community_heads WHERE community_id = $1", community_id
        )
    finally:
        await owner.close()
    return {
        "community_id": str(community_id),
        "events": total,
        "month": today.strftime("%Y-%m"),
        "today": today,
    }


async def settle_board_village(owner: asyncpg.Connection, community_id: uuid.UUID) -> None:
    """Balances as the filled log adds up, the plain baseline table, and fresh statistics."""
    # The figures the log adds up to, so the households look like a real village's (and
    # `ledger rebuild --check` finds the tables matching the log).
    await owner.execute(
        """UPDATE household_balances b SET spendable = s.spendable, honour = s.honour, last_seq = s.last_seq
           FROM (SELECT household_id, sum(spendable_delta) AS spendable, sum(honour_delta) AS honour,
                        max(seq) AS last_seq
                 FROM events WHERE community_id = $1 GROUP BY household_id) s
           WHERE b.community_id = $1 AND b.household_id = s.household_id""",
        community_id,
    )
    await owner.execute(
        """CREATE TABLE bench_points AS
               SELECT household_id, kind, honour_delta AS points, occurred_on FROM events
               WHERE community_id = $1 AND kind IN ('award.confirmed', 'deduction.recorded');
           CREATE INDEX ON bench_points (kind, occurred_on) INCLUDE (household_id, points)""".replace(
            "$1", f"'{community_id}'"
        )
    )
    # What autovacuum does after a load: statistics and the visibility map (index-only scans),
    # for the log, its summaries and the baseline alike.
    await owner.execute("VACUUM (ANALYZE)")


# The summaries kept with the append, by the migration that fills each from the log (a tree
# before a migration has no such table: its fill is left out).
SUMMARY_FILLS = {
    "0025_activity_summaries.sql": (
        "DELETE FROM community_month_activity",
        "DELETE FROM household_month_activity",
    ),
    "0027_board_summaries.sql": ("DELETE FROM household_month_points",),
}


async def fill_activity_as_the_migration_does(owner: asyncpg.Connection) -> None:
    """The monthly summary tables anew from the log, by their migrations' own statements (their
    INSERTs and UPDATEs, after the comments that precede them)."""
    present = {m.name: m for m in load_migrations() if m.name in SUMMARY_FILLS}
    async with owner.transaction():
        for name, migration in present.items():
            for emptying in SUMMARY_FILLS[name]:
                await owner.execute(emptying)
            for statement in split_statements(migration.sql):
                code = [
                    line
                    for line in statement.splitlines()
                    if line.strip() and not line.lstrip().startswith("--")
                ]
                if code[0].split()[0] in ("INSERT", "UPDATE"):
                    await owner.execute(statement)


async def prepare_overview_area(url: str, villages: int, households: int, events: int) -> dict[str, Any]:
    """A township of `villages` communities of `households` each, `events` events in all over
    the twelve months up to this one (overview_data.py), and its official, who logs in as
    `bench_township`."""
    await migrate_database(url)
    owner = await connect_owner(url)
    pool = await create_pool(url, minimum=1, maximum=4)
    try:
        county = await hierarchy.county_id(owner, "压测县", create=True)
        assert county is not None
        township = await hierarchy.township_id(owner, county, f"压测镇{uuid.uuid4().hex[:6]}", create=True)
        assert township is not None
        community_ids = [uuid.uuid4() for _ in range(villages)]
        async with pool.acquire() as connection:
            for number, community_id in enumerate(community_ids, 1):
                await community_store.create_community(
                    connection, community_id, f"压测村{number:03d}", township, None
                )
        official = await accounts.create_user(
            pool, uuid.uuid4(), "bench_township", "bench", security.hash_password(BENCH_PASSWORD)
        )
        await owner.execute("DELETE FROM oversight_grants WHERE user_id = $1", official)
        await accounts.grant_oversight(owner, official, township, None)
        await owner.execute(OVERVIEW_FILL)
        today = await owner.fetchval("SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date")
        first = months_back(today.replace(day=1), 11)
        for community_id in community_ids:
            await owner.execute(
                "SELECT bench_overview_fill($1, $2, $3, $4, $5)",
                community_id,
                households,
                events // villages,
                first,
                today,
            )
        await fill_activity_as_the_migration_does(owner)
        await owner.execute(
            "VACUUM (ANALYZE) events, households, community_month_activity, household_month_activity"
        )
        total = await owner.fetchval(
            "SELECT sum(head_seq) FROM community_heads WHERE community_id = any($1::uuid[])", community_ids
        )
    finally:
        await pool.close()
        await owner.close()
    last_day = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(
        days=1
    )
    return {
        "township_id": str(township),
        "villages": villages,
        "households": households,
        "events": int(total),
        "from": f"{first:%Y-%m}",
        "to": f"{today:%Y-%m}",
        "first_day": first,
        "last_day": today.replace(day=1),
        "last_day_of_month": last_day,
    }
