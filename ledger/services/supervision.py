"""The supervision committee's view: patterns worth a look over the last `days` days."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import asyncpg

from ledger.domain.errors import Refused
from ledger.store import queries, supervision

CONCENTRATION_SHARE = 0.3  # a third of someone's awards to one household
CONCENTRATION_AWARDS_MIN = 5
REPEATS_MIN = 3


async def flags(pool: asyncpg.Pool, community_id: uuid.UUID, days: int) -> dict[str, Any]:
    today = await queries.local_today(pool, community_id)
    if today is None:
        raise Refused("not_found", "no such community")
    since = today - datetime.timedelta(days=days)

    def rows(records: list[asyncpg.Record]) -> list[dict[str, Any]]:
        return [
            {
                k: (v.isoformat() if isinstance(v, datetime.date) else float(v) if k == "share" else v)
                for k, v in record.items()
            }
            for record in records
        ]

    return {
        "since": since.isoformat(),
        "concentrated_awards": rows(
            await supervision.concentrated(
                pool, community_id, since, CONCENTRATION_SHARE, CONCENTRATION_AWARDS_MIN
            )
        ),
        "just_under_publicity_threshold": rows(
            await supervision.just_under_threshold(pool, community_id, since, REPEATS_MIN)
        ),
        "awards_to_staff_households": rows(
            await supervision.staff_household_awards(pool, community_id, since)
        ),
        "cancellations_and_reversals": rows(
            await supervision.undoers(pool, community_id, since, REPEATS_MIN)
        ),
    }
