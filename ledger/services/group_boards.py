"""Group boards (issue 13, point 6): each villager group (村民小组) sees its own red list and
how many of its households take part. The red list is the board's own function kept to the
group's households (ledger.services.boards, the same masking and policy); participation is
the group's households now (household_places) against the months' summary of households
taking part (household_month_activity: an award, a deduction or a redemption that month)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import asyncpg

from ledger.domain import activity as monthly
from ledger.domain.errors import Refused
from ledger.services import boards
from ledger.store import queries
from ledger.store.queries import group_activity as reads


def _rate(taking_part: int, households: int) -> dict[str, Any]:
    rate = monthly.participation_rate(taking_part, households)
    return {"households_taking_part": taking_part, "percent": round(rate * 100)}


async def living_groups(pool: asyncpg.Pool, community_id: uuid.UUID) -> list[dict[str, Any]]:
    """The community's active groups by name (for the board's links to each group's board)."""
    return [
        {"group_id": row["group_id"], "name": row["name"], "households": row["households"]}
        for row in await reads.living_groups(pool, community_id)
    ]


async def group_board(
    pool: asyncpg.Pool, community_id: uuid.UUID, group_id: uuid.UUID
) -> dict[str, Any] | None:
    """A group's board: this month's red list of its households, and its participation this
    month and in each month of this year; None if the community has no such living group
    (an unknown community is not_found, as for its board)."""
    today = await queries.local_today(pool, community_id)
    community = await queries.community(pool, community_id)
    if today is None or community is None:
        raise Refused("not_found", "no such community")
    group = await reads.group_of(pool, community_id, group_id)
    if group is None:
        return None
    try:
        red_list = await boards.board(pool, community_id, "red", today.year, today.month, group_id)
    except Refused:  # no list this month (the policy took it down, or none yet)
        red_list = None
    households = next(
        (g["households"] for g in await reads.living_groups(pool, community_id) if g["group_id"] == group_id),
        0,
    )
    first = datetime.date(today.year, 1, 1)
    counted = {
        row["month"]: row["households"]
        for row in await reads.taking_part(pool, community_id, first, today)
        if row["group_id"] == group_id
    }
    months = [
        {"month": f"{month:%Y-%m}", **_rate(counted.get(month, 0), households)}
        for month in monthly.months_between(first, today)
    ]
    return {
        "community": community["name"],
        "group_id": group_id,
        "group": group["name"],
        "households": households,
        "red_list": red_list,
        "this_month": months[-1],
        "months": months,
        "head_seq": community["head_seq"],
        "head_hash": community["head_hash"].hex(),
    }


async def participation_by_group(
    pool: asyncpg.Pool, community_id: uuid.UUID, today: datetime.date
) -> list[dict[str, Any]]:
    """This month's participation of each active group (the village screen's chart)."""
    month = today.replace(day=1)
    counted = {
        row["group_id"]: row["households"]
        for row in await reads.taking_part(pool, community_id, month, month)
    }
    return [
        {
            "name": g["name"],
            "households": g["households"],
            **_rate(counted.get(g["group_id"], 0), g["households"]),
        }
        for g in await living_groups(pool, community_id)
    ]
