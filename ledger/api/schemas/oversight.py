"""The township's and county's view: each village's activity month by month, ranked by
participation, and the area's totals (ledger/services/oversight.py). A village's `months`
has the shape a group's will have when the drill-down into groups is added beside it."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, Literal

import msgspec

VILLAGE = "6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
TOWNSHIP = "1e2d3c4b-5a69-4788-9a6b-5c4d3e2f1a0b"
GROUP = "3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d"

_MONTH = {
    "month": "2026-03",
    "points_awarded": 1840,
    "points_deducted": 60,
    "points_redeemed": 1215,
    "fund_in_fen": 500000,
    "fund_out_fen": 128000,
    "households_taking_part": 212,
    "participation_rate": 0.7067,
}


class MonthFigures(msgspec.Struct, frozen=True):
    """One month: points awarded, deducted (a positive number) and redeemed, net of what was
    reversed since; the fund's money in and out (fen); households with an award, a
    deduction or a redemption that month, and their share of the households on the roll."""

    month: str
    points_awarded: int
    points_deducted: int
    points_redeemed: int
    fund_in_fen: int
    fund_out_fen: int
    households_taking_part: int
    participation_rate: float


class VillageActivity(msgspec.Struct, frozen=True):
    """A village (community): households on the roll now, its stock's value in points now,
    its mean monthly participation rate over the months asked and its rank by it (1 the
    highest; equal rates share a rank), and each month's figures."""

    community_id: uuid.UUID
    name: str
    township: str
    households_active: int
    stock_points: int
    participation_rate: float
    rank: int
    months: list[MonthFigures]


class AreaTotals(msgspec.Struct, frozen=True):
    households_active: int
    stock_points: int
    months: list[MonthFigures]


class Area(msgspec.Struct, frozen=True):
    kind: Literal["township", "county"]
    id: uuid.UUID
    name: str


class AreaActivity(msgspec.Struct, frozen=True, rename={"first": "from", "last": "to"}):
    """The villages of a township (or of a county's townships), best participation first."""

    area: Area
    first: str
    last: str
    months: list[str]
    villages: list[VillageActivity]
    totals: AreaTotals

    example: ClassVar[dict[str, Any]] = {
        "area": {"kind": "township", "id": TOWNSHIP, "name": "示范镇"},
        "from": "2026-03",
        "to": "2026-03",
        "months": ["2026-03"],
        "villages": [
            {
                "community_id": VILLAGE,
                "name": "示范村",
                "township": "示范镇",
                "households_active": 300,
                "stock_points": 5400,
                "participation_rate": 0.7067,
                "rank": 1,
                "months": [_MONTH],
            }
        ],
        "totals": {"households_active": 300, "stock_points": 5400, "months": [_MONTH]},
    }


class GroupMonth(msgspec.Struct, frozen=True):
    """One group's month: its households that took part (an award, a deduction or a
    redemption), their share of its households on the roll now, and the points awarded,
    deducted (a positive number) and redeemed, net of what was reversed since."""

    month: str
    households_taking_part: int
    participation_rate: float
    points_awarded: int
    points_deducted: int
    points_redeemed: int


class GroupActivity(msgspec.Struct, frozen=True):
    """A villager group (村民小组) with its households on the roll now; `group_id` null: the
    households not yet placed in a group."""

    group_id: uuid.UUID | None
    name: str
    households_active: int
    months: list[GroupMonth]


_GROUP_MONTH = {
    "month": "2026-03",
    "households_taking_part": 41,
    "participation_rate": 0.7321,
    "points_awarded": 380,
    "points_deducted": 10,
    "points_redeemed": 255,
}


class VillageGroupsActivity(msgspec.Struct, frozen=True, rename={"first": "from", "last": "to"}):
    """A village's groups month by month (the township's charts drilled down into it); a
    household counts in the group it belongs to now."""

    community_id: uuid.UUID
    name: str
    first: str
    last: str
    months: list[str]
    groups: list[GroupActivity]

    example: ClassVar[dict[str, Any]] = {
        "community_id": VILLAGE,
        "name": "示范村",
        "from": "2026-03",
        "to": "2026-03",
        "months": ["2026-03"],
        "groups": [
            {
                "group_id": GROUP,
                "name": "一组",
                "households_active": 56,
                "months": [_GROUP_MONTH],
            }
        ],
    }
