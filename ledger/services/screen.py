"""The village screen (大屏): the public board's figures for the village's TV — publicity with
the days it has left, this month's red list, the fund's statement, goods and stock,
participation by month and by villager group this month, and the chain head.

Everything personal comes from the board's own functions (ledger.services.boards), so the
screen shows exactly what the board shows and masks it the same way; the rest is counts
(households that earned points each month; each group's households taking part this month,
from the monthly summary — ledger.services.group_boards), the shelf and the fund's public
statement."""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from typing import Any

import asyncpg

from ledger import limits
from ledger.domain.errors import Refused
from ledger.services import boards, group_boards, supermarket
from ledger.store import boards as board_store
from ledger.store import counter as counter_store
from ledger.store import queries


def _months_back(today: datetime.date, count: int) -> list[datetime.date]:
    """The first day of each of the last `count` months, this one last."""
    firsts = [today.replace(day=1)]
    while len(firsts) < count:
        firsts.insert(0, (firsts[0] - datetime.timedelta(days=1)).replace(day=1))
    return firsts


async def _participation(pool: asyncpg.Pool, community_id: uuid.UUID, today: datetime.date) -> dict[str, Any]:
    months = _months_back(today, limits.SCREEN_PARTICIPATION_MONTHS)
    counted = {
        row["month"]: row["households"]
        for row in await board_store.monthly_participation(pool, community_id, months[0], today)
    }
    households = await board_store.active_households(pool, community_id)
    return {
        "households": households,  # active today: the rate's denominator for every month
        "months": [
            {
                "month": first.strftime("%Y-%m"),
                "households": counted.get(first, 0),
                "percent": round(100 * counted.get(first, 0) / households) if households else 0,
            }
            for first in months
        ],
    }


async def _red_list(
    pool: asyncpg.Pool, community_id: uuid.UUID, today: datetime.date
) -> dict[str, Any] | None:
    try:
        return await boards.board(pool, community_id, "red", today.year, today.month)
    except Refused:  # no list this month
        return None


async def screen(pool: asyncpg.Pool, community_id: uuid.UUID) -> dict[str, Any]:
    settings = await counter_store.policy(pool, community_id)
    if settings is None:
        raise Refused("not_found", "no such community")
    now = datetime.datetime.now(zoneinfo.ZoneInfo(settings["time_zone"]))
    today = now.date()
    publicity = await boards.publicity_board(pool, community_id)
    for item in publicity["items"]:
        item["days_left"] = (datetime.date.fromisoformat(item["ends_on"]) - today).days
    goods = [row for row in await queries.goods(pool, community_id) if row["status"] == "active"]
    return {
        "community": publicity["community"],
        "refreshed_at": now.strftime("%Y-%m-%d %H:%M"),
        "publicity": publicity["items"],
        "red_list": await _red_list(pool, community_id, today),
        "fund": await supermarket.monthly_statement(pool, community_id, today.year, today.month),
        "goods": [
            {
                "code": row["code"],
                "name": row["name"],
                "name_en": row["name_en"],
                "unit": row["unit"],
                "points": row["points"],
                "stock": row["stock"],
            }
            for row in goods
        ],
        "participation": await _participation(pool, community_id, today),
        "groups": await group_boards.participation_by_group(pool, community_id, today),
        "head_seq": publicity["head_seq"],
        "head_hash": publicity["head_hash"],
    }
