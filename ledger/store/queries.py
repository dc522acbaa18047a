"""Reads of the projections and the log, always within one community."""

from __future__ import annotations

import datetime
import uuid

import asyncpg

from ledger.domain.events import Event
from ledger.store.types import Connectable

EVENT_COLUMNS = """community_id, seq, kind, recorded_at, occurred_on, actor_id, household_id,
    spendable_delta, pending_delta, honour_delta, money_delta_fen, body, idempotency_key,
    request_digest, canonical, previous_hash, hash"""


def event_from_record(record: asyncpg.Record) -> Event:
    return Event(**dict(record))


async def community(db: Connectable, community_id: uuid.UUID) -> asyncpg.Record | None:
    return await db.fetchrow(
        """SELECT c.community_id, c.name, c.time_zone, c.deduction_may_overdraw, h.head_seq, h.head_hash
           FROM communities c JOIN community_heads h USING (community_id) WHERE c.community_id = $1""",
        community_id,
    )


async def local_today(db: Connectable, community_id: uuid.UUID) -> datetime.date | None:
    """Today by the community's own calendar (None: no such community)."""
    return await db.fetchval(
        "SELECT (now() AT TIME ZONE time_zone)::date FROM communities WHERE community_id = $1", community_id
    )


async def earned_in_year(db: Connectable, community_id: uuid.UUID, household_id: uuid.UUID, year: int) -> int:
    """What counts against the yearly cap: awards confirmed and not reversed, and awards in
    publicity, that happened in the year."""
    return int(
        await db.fetchval("SELECT ledger_earned_in_year($1, $2, $3)", community_id, household_id, year)
    )


async def event_household(db: Connectable, community_id: uuid.UUID, seq: int) -> uuid.UUID | None:
    """The household an event is about (None: no such event, or one about no household)."""
    return await db.fetchval(
        "SELECT household_id FROM events WHERE community_id = $1 AND seq = $2", community_id, seq
    )


async def community_names(db: Connectable, community_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    rows = await db.fetch(
        "SELECT community_id, name FROM communities WHERE community_id = any($1::uuid[])", community_ids
    )
    return {row["community_id"]: row["name"] for row in rows}


async def community_ids(db: Connectable) -> list[uuid.UUID]:
    return [
        row["community_id"] for row in await db.fetch("SELECT community_id FROM communities ORDER BY name")
    ]


async def household(
    db: Connectable, community_id: uuid.UUID, household_id: uuid.UUID
) -> asyncpg.Record | None:
    return await db.fetchrow(
        """SELECT household_id, number, head_name, status, spendable, pending, honour, last_seq
           FROM households JOIN household_balances USING (community_id, household_id)
           WHERE community_id = $1 AND household_id = $2""",
        community_id,
        household_id,
    )


async def households(
    db: Connectable, community_id: uuid.UUID, limit: int, after_number: str
) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT household_id, number, head_name, status, spendable, pending, honour, last_seq
           FROM households JOIN household_balances USING (community_id, household_id)
           WHERE community_id = $1 AND number > $2 ORDER BY number LIMIT $3""",
        community_id,
        after_number,
        limit,
    )


async def household_by_number(db: Connectable, community_id: uuid.UUID, number: str) -> uuid.UUID | None:
    return await db.fetchval(
        "SELECT household_id FROM households WHERE community_id = $1 AND number = $2", community_id, number
    )


async def household_numbers(db: Connectable, community_id: uuid.UUID) -> list[str]:
    """Every household number of a community (a sheet's numbers are read at its width)."""
    rows = await db.fetch("SELECT number FROM households WHERE community_id = $1", community_id)
    return [row["number"] for row in rows]


async def goods_item(db: Connectable, community_id: uuid.UUID, goods_id: uuid.UUID) -> asyncpg.Record | None:
    return await db.fetchrow(
        """SELECT goods_id, code, name, name_en, category, unit, points, stock, status, low_stock_threshold
           FROM goods JOIN goods_stock USING (community_id, goods_id)
           WHERE community_id = $1 AND goods_id = $2""",
        community_id,
        goods_id,
    )


async def goods(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT goods_id, code, name, name_en, category, unit, points, stock, status, low_stock_threshold
           FROM goods JOIN goods_stock USING (community_id, goods_id)
           WHERE community_id = $1 ORDER BY code""",
        community_id,
    )


async def rules(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT rule_id, code, name, name_en, category, points, needs_publicity, needs_evidence, status
           FROM rules WHERE community_id = $1 ORDER BY code""",
        community_id,
    )


async def events_after(db: Connectable, community_id: uuid.UUID, after: int, limit: int) -> list[Event]:
    rows = await db.fetch(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE community_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",  # noqa: S608 constant column list
        community_id,
        after,
        limit,
    )
    return [event_from_record(row) for row in rows]


async def household_history(
    db: Connectable, community_id: uuid.UUID, household_id: uuid.UUID, limit: int
) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT seq, kind, recorded_at, occurred_on, spendable_delta, pending_delta, honour_delta, body
           FROM events WHERE community_id = $1 AND household_id = $2 ORDER BY seq DESC LIMIT $3""",
        community_id,
        household_id,
        limit,
    )


async def all_household_figures(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        "SELECT household_id, spendable, pending, honour, last_seq FROM household_balances WHERE community_id = $1",
        community_id,
    )


async def all_stock(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch("SELECT goods_id, stock FROM goods_stock WHERE community_id = $1", community_id)


async def all_reversals(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        "SELECT reversed_seq, reversal_seq FROM reversals WHERE community_id = $1", community_id
    )


async def card_by_token_hash(db: Connectable, token_hash: bytes) -> asyncpg.Record | None:
    return await db.fetchrow(
        """SELECT c.community_id, c.household_id, m.name AS community_name, m.star_thresholds
           FROM cards c JOIN communities m USING (community_id)
           WHERE c.token_hash = $1 AND c.revoked_at IS NULL""",
        token_hash,
    )


async def fund_balance(db: Connectable, community_id: uuid.UUID) -> int:
    balance = await db.fetchval(
        "SELECT balance_fen FROM community_funds WHERE community_id = $1", community_id
    )
    return 0 if balance is None else int(balance)


async def households_by_numbers(
    db: Connectable, community_id: uuid.UUID, numbers: list[str]
) -> dict[str, uuid.UUID]:
    rows = await db.fetch(
        "SELECT number, household_id FROM households WHERE community_id = $1 AND number = any($2::text[])",
        community_id,
        numbers,
    )
    return {row["number"]: row["household_id"] for row in rows}


async def settlements(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT year, policy, households, points_expired, seq FROM settlements
           WHERE community_id = $1 ORDER BY year DESC""",
        community_id,
    )
