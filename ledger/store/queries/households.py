"""Households and their figures (balances, yearly earnings, history)."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.store.types import Connectable

# A household with its figures and where it belongs (its group and grid, when placed:
# schema/0023_groups_and_grids.sql).
_COLUMNS = """h.household_id, h.number, h.head_name, h.status, b.spendable, b.pending, b.honour, b.last_seq,
    p.group_id, g.name AS group_name, p.grid_id, r.name AS grid_name"""
_PLACED = """households h
    JOIN household_balances b ON b.community_id = h.community_id AND b.household_id = h.household_id
    LEFT JOIN household_places p ON p.community_id = h.community_id AND p.household_id = h.household_id
    LEFT JOIN community_groups g ON g.community_id = p.community_id AND g.group_id = p.group_id
    LEFT JOIN community_groups r ON r.community_id = p.community_id AND r.group_id = p.grid_id"""


async def household(
    db: Connectable, community_id: uuid.UUID, household_id: uuid.UUID
) -> asyncpg.Record | None:
    return await db.fetchrow(
        f"""SELECT {_COLUMNS} FROM {_PLACED}
           WHERE h.community_id = $1 AND h.household_id = $2""",  # noqa: S608 fixed names
        community_id,
        household_id,
    )


async def households(
    db: Connectable,
    community_id: uuid.UUID,
    limit: int,
    after_number: str,
    *,
    group_id: uuid.UUID | None = None,
    grid_id: uuid.UUID | None = None,
) -> list[asyncpg.Record]:
    """By number, after `after_number`; only those of a group or a grid when one is given."""
    return await db.fetch(
        f"""SELECT {_COLUMNS} FROM {_PLACED}
           WHERE h.community_id = $1 AND h.number > $2
             AND ($4::uuid IS NULL OR p.group_id = $4) AND ($5::uuid IS NULL OR p.grid_id = $5)
           ORDER BY h.number LIMIT $3""",  # noqa: S608 fixed names
        community_id,
        after_number,
        limit,
        group_id,
        grid_id,
    )


async def household_by_number(db: Connectable, community_id: uuid.UUID, number: str) -> uuid.UUID | None:
    return await db.fetchval(
        "SELECT household_id FROM households WHERE community_id = $1 AND number = $2", community_id, number
    )


async def household_numbers(db: Connectable, community_id: uuid.UUID) -> list[str]:
    """Every household number of a community (a sheet's numbers are read at its width)."""
    rows = await db.fetch("SELECT number FROM households WHERE community_id = $1", community_id)
    return [row["number"] for row in rows]


async def closed_household_numbers(db: Connectable, community_id: uuid.UUID) -> list[str]:
    """The numbers of households that moved out or closed (a sheet may not place them)."""
    rows = await db.fetch(
        "SELECT number FROM households WHERE community_id = $1 AND status <> 'active'", community_id
    )
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


async def earned_in_year(db: Connectable, community_id: uuid.UUID, household_id: uuid.UUID, year: int) -> int:
    """What counts against the yearly cap: awards confirmed and not reversed, and awards in
    publicity, that happened in the year."""
    return int(
        await db.fetchval("SELECT ledger_earned_in_year($1, $2, $3)", community_id, household_id, year)
    )
