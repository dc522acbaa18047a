"""Households and their figures (balances, yearly earnings, history)."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.store.types import Connectable


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


async def households_by_numbers(
    db: Connectable, community_id: uuid.UUID, numbers: list[str]
) -> dict[str, uuid.UUID]:
    rows = await db.fetch(
        "SELECT number, household_id FROM households WHERE community_id = $1 AND number = any($2::text[])",
        community_id,
        numbers,
    )
    return {row["number"]: row["household_id"] for row in rows}


async def all_household_figures(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        "SELECT household_id, spendable, pending, honour, last_seq FROM household_balances WHERE community_id = $1",
        community_id,
    )


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


async def earned_in_year(db: Connectable, community_id: uuid.UUID, household_id: uuid.UUID, year: int) -> int:
    """What counts against the yearly cap: awards confirmed and not reversed, and awards in
    publicity, that happened in the year."""
    return int(
        await db.fetchval("SELECT ledger_earned_in_year($1, $2, $3)", community_id, household_id, year)
    )
