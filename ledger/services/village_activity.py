"""The township's charts drilled down into one village (issue 13, point 4): per villager
group, month by month, how many of its households took part and the points awarded,
deducted and redeemed. Reading only, for the village's committee and whoever holds the
oversight of its township or county.

A household counts in the group it belongs to now; households not yet placed in a group are
one row of their own (group_id None), so the groups' figures add up to the village's."""

from __future__ import annotations

import calendar
import datetime
import uuid
from typing import Any

import asyncpg

from ledger.domain import activity as monthly
from ledger.domain import roles
from ledger.domain.errors import Refused
from ledger.messages import words
from ledger.services.auth import Principal
from ledger.store import queries
from ledger.store.queries import group_activity as reads

_NOTHING = (0, 0, 0)


def _last_day(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


async def village_activity(
    pool: asyncpg.Pool,
    principal: Principal,
    community_id: uuid.UUID,
    first: datetime.date,
    last: datetime.date,
) -> dict[str, Any]:
    """The village's groups and their months from `first` to `last` (first days)."""
    community = await queries.community(pool, community_id)
    if community is None:
        raise Refused("not_found", "no such community")
    if not principal.roles_in(community_id) & roles.READ_GROUP_ACTIVITY:
        raise Refused(
            "forbidden", "only the village's committee and its township's or county's oversight may read this"
        )
    months = monthly.months_between(first, last)
    taking_part = {
        (row["group_id"], row["month"]): row["households"]
        for row in await reads.taking_part(pool, community_id, first, last)
    }
    points = {
        (row["group_id"], row["month"]): (row["awarded"], row["deducted"], row["redeemed"])
        for row in await reads.points(pool, community_id, first, _last_day(last))
    }
    groups: list[tuple[uuid.UUID | None, str, int]] = [
        (row["group_id"], row["name"], row["households"])
        for row in await reads.living_groups(pool, community_id)
    ]
    unplaced = await reads.unplaced_households(pool, community_id)
    if unplaced or any(group_id is None for group_id, _ in (*taking_part, *points)):
        groups.append((None, words("未分组", "Not in a group"), unplaced))
    names = [f"{month:%Y-%m}" for month in months]
    return {
        "community_id": community_id,
        "name": community["name"],
        "from": names[0],
        "to": names[-1],
        "months": names,
        "groups": [
            {
                "group_id": group_id,
                "name": name,
                "households_active": households,
                "months": [
                    _month(
                        name_of_month,
                        taking_part.get((group_id, month), 0),
                        households,
                        points.get((group_id, month), _NOTHING),
                    )
                    for month, name_of_month in zip(months, names, strict=True)
                ],
            }
            for group_id, name, households in groups
        ],
    }


def _month(name: str, taking_part: int, households: int, points: tuple[int, int, int]) -> dict[str, Any]:
    awarded, deducted, redeemed = points
    return {
        "month": name,
        "households_taking_part": taking_part,
        "participation_rate": monthly.participation_rate(taking_part, households),
        "points_awarded": awarded,
        "points_deducted": deducted,
        "points_redeemed": redeemed,
    }
