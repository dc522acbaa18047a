"""Open objections as the supervision committee reads them: one item per award, with its
household, its points, how many objections hold it and their reasons, so a flood of
objections on one award reads as one item."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger import limits
from ledger.store import publicity


async def open_by_award(pool: asyncpg.Pool, community_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await publicity.open_objections_by_award(pool, community_id, limits.OBJECTIONS_SHOWN_PER_AWARD)
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
