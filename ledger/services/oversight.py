"""The township's and county's view of their villages' activity, month by month (issue 13):
points awarded, deducted and redeemed, the fund's money in and out, the share of households
taking part, and the stock's value in points; villages ranked by participation. Reading
only, and only for those who hold the oversight of that township or county.

A village's answer is its figures per month (`months`); the drill-down into a village's
groups, when groups exist, adds the same per-month figures per group beside them."""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from typing import Any

import asyncpg

from ledger import limits
from ledger.domain import activity as monthly
from ledger.domain.errors import Refused
from ledger.services.auth import Principal
from ledger.store.queries import activity as reads

# The calendar the default months follow: an area's villages share the country's one.
CALENDAR = zoneinfo.ZoneInfo("Asia/Shanghai")
FIGURES = ("points_awarded", "points_deducted", "points_redeemed", "fund_in_fen", "fund_out_fen")


def months_asked(first: str | None, last: str | None) -> tuple[datetime.date, datetime.date]:
    """The months asked for ("YYYY-MM", already checked by the edge); by default the twelve
    months up to this one. At most ACTIVITY_MONTHS_MAX, the first not after the last."""
    today = datetime.datetime.now(CALENDAR).date()
    end = _month(last) if last else today.replace(day=1)
    start = _month(first) if first else monthly.months_back(end, 11)
    if start > end:
        raise Refused(
            "validation_failed",
            "the first month {first} comes after the last {last}",
            first=f"{start:%Y-%m}",
            last=f"{end:%Y-%m}",
        )
    if len(monthly.months_between(start, end)) > limits.ACTIVITY_MONTHS_MAX:
        raise Refused(
            "validation_failed",
            "at most {maximum} months at a time",
            maximum=limits.ACTIVITY_MONTHS_MAX,
        )
    return start, end


def _month(text: str) -> datetime.date:
    year, number = (int(part) for part in text.split("-"))
    return datetime.date(year, number, 1)


async def area_activity(
    pool: asyncpg.Pool,
    principal: Principal,
    kind: str,
    area_id: uuid.UUID,
    first: datetime.date,
    last: datetime.date,
) -> dict[str, Any]:
    """A township's or a county's villages and their months, for one who oversees it."""
    found = await reads.area(pool, kind, area_id)
    if found is None:
        raise Refused("not_found", "no such township or county")
    township = area_id if kind == "township" else None
    if not await reads.oversees(pool, principal.user_id, found["county_id"], township):
        raise Refused("forbidden", "only the township's or county's oversight may read this")
    villages = await reads.villages(pool, kind, area_id)
    ids = [row["community_id"] for row in villages]
    months = monthly.months_between(first, last)
    # Plain tuples keyed once: 200 villages × 12 months are assembled below in a few ms.
    by_month: dict[tuple[uuid.UUID, datetime.date], tuple[Any, ...]] = {}
    households: dict[uuid.UUID, int] = {}
    stock: dict[uuid.UUID, int] = {}
    for row in await reads.figures(pool, ids, first, last):
        if row[0] == "month":
            by_month[(row[1], row[2])] = tuple(row)[3:]
        elif row[0] == "households":
            households[row[1]] = row[3]
        else:
            stock[row[1]] = row[3]
    names = [f"{month:%Y-%m}" for month in months]
    answered = [
        _village(row, months, names, by_month, households.get(row[0], 0), stock.get(row[0], 0))
        for row in villages
    ]
    ranks = monthly.ranked({v["community_id"]: v["participation_rate"] for v in answered})
    for village in answered:
        village["rank"] = ranks[village["community_id"]]
    answered.sort(key=lambda v: (v["rank"], v["name"]))
    return {
        "area": {"kind": kind, "id": area_id, "name": found["name"]},
        "from": names[0],
        "to": names[-1],
        "months": names,
        "villages": answered,
        "totals": _totals(answered, names),
    }


_NOTHING = (0, 0, 0, 0, 0, 0)


def _village(
    row: asyncpg.Record,
    months: list[datetime.date],
    names: list[str],
    by_month: dict[tuple[uuid.UUID, datetime.date], tuple[Any, ...]],
    households: int,
    stock_points: int,
) -> dict[str, Any]:
    community_id = row[0]
    figures: list[dict[str, Any]] = []
    rates = 0.0
    for month, name in zip(months, names, strict=True):
        awarded, deducted, redeemed, fund_in, fund_out, taking_part = by_month.get(
            (community_id, month), _NOTHING
        )
        rate = monthly.participation_rate(taking_part, households)
        rates += rate
        figures.append(
            {
                "month": name,
                "points_awarded": awarded,
                "points_deducted": deducted,
                "points_redeemed": redeemed,
                "fund_in_fen": fund_in,
                "fund_out_fen": fund_out,
                "households_taking_part": taking_part,
                "participation_rate": rate,
            }
        )
    return {
        "community_id": community_id,
        "name": row["name"],
        "township": row["township"],
        "households_active": households,
        "stock_points": stock_points,
        # The mean of the months' rates: a village that took part all year ranks above one
        # busy for a single month.
        "participation_rate": round(rates / len(months), 4),
        "rank": 0,
        "months": figures,
    }


def _totals(villages: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    households = sum(v["households_active"] for v in villages)
    figures: list[dict[str, Any]] = [dict.fromkeys((*FIGURES, "households_taking_part"), 0) for _ in names]
    for village in villages:
        for sums, month in zip(figures, village["months"], strict=True):
            for name in sums:
                sums[name] += month[name]
    for sums, name in zip(figures, names, strict=True):
        sums["participation_rate"] = monthly.participation_rate(sums["households_taking_part"], households)
        sums["month"] = name
    return {
        "households_active": households,
        "stock_points": sum(v["stock_points"] for v in villages),
        "months": figures,
    }
