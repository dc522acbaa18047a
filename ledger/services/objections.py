"""Objections to awards in publicity: raised by residents (from the public board or with
their card) and decided by the supervision committee; and the open ones as that committee
reads them: one item per award, with its household, its points, how many objections hold
it and their reasons, so a flood of objections on one award reads as one item."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger import limits
from ledger.domain.errors import Refused
from ledger.services import security
from ledger.store import publicity, queries
from ledger.store.queries import publicity as publicity_reads


async def object_from_board(
    pool: asyncpg.Pool, community_id: uuid.UUID, award_seq: int, reason: str, address: str
) -> dict[str, Any]:
    """An objection from the public board's form, counted against the address it came from."""
    async with pool.acquire() as connection, connection.transaction():
        if await queries.community(connection, community_id) is None:
            raise Refused("not_found", "no such community")
        return await publicity.raise_objection(
            connection, community_id, None, award_seq, reason, publicity.Objector.from_board(address)
        )


async def object_with_card(pool: asyncpg.Pool, token: str, award_seq: int, reason: str) -> dict[str, Any]:
    """An objection by the holder of a household's card, in that household's community,
    counted against the card's household."""
    async with pool.acquire() as connection, connection.transaction():
        card = await queries.card_by_token_hash(connection, security.token_hash(token))
        if card is None:
            raise Refused("not_found", "no such card")
        objector = publicity.Objector.with_card(card["household_id"])
        return await publicity.raise_objection(
            connection, card["community_id"], None, award_seq, reason, objector
        )


async def decide(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    supervisor_id: uuid.UUID,
    objection_id: uuid.UUID,
    uphold: bool,
    reason: str,
) -> dict[str, Any]:
    """Uphold (the award is rejected) or dismiss an objection, as the supervision committee."""
    async with pool.acquire() as connection:
        return await publicity.decide_objection(
            connection, community_id, supervisor_id, objection_id, uphold, reason
        )


async def open_by_award(pool: asyncpg.Pool, community_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await publicity_reads.open_objections_by_award(
        pool, community_id, limits.OBJECTIONS_SHOWN_PER_AWARD
    )
    awards: dict[int, dict[str, Any]] = {}
    for row in rows:
        award = awards.get(row["award_seq"])
        if award is None:
            award = awards[row["award_seq"]] = {
                "award_seq": row["award_seq"],
                "household_number": row["number"],
                "head_name": row["head_name"],
                "subject": row["subject"],
                "rule_name": row["rule_name"],
                "points": row["points"],
                "ends_on": row["ends_on"].isoformat(),
                "in_publicity": row["publicity_status"] == "open",
                "open_objections": row["open_objections"],
                "objections": [],
            }
        award["objections"].append(
            {
                "objection_id": str(row["objection_id"]),
                "reason": row["reason"],
                "via": row["via"],
                "raised_seq": row["raised_seq"],
            }
        )
    return list(awards.values())
