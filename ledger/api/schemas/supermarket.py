"""Answers about the love supermarket and the happiness fund: stock written off and counted,
the goods and rule catalogs' import reports, the fund's balance, gifts, spending and
monthly statement, the reconciliation report and the community's policy. Amounts of money
are in fen (1 yuan = 100 fen)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, ClassVar, Literal

import msgspec

from ledger.api.examples import GOODS
from ledger.api.schemas.people import RowProblem


class StockWrittenOff(msgspec.Struct, frozen=True):
    """Stock written off: the event that records it and what is left on the shelf."""

    event_seq: int
    stock_after: int

    example: ClassVar[dict[str, Any]] = {"event_seq": 2850, "stock_after": 39}


class StockCounted(msgspec.Struct, frozen=True):
    """A stock-take: the shelf now holds what was counted; `difference` is that less what it held."""

    event_seq: int
    stock_after: int
    difference: int

    example: ClassVar[dict[str, Any]] = {"event_seq": 2851, "stock_after": 27, "difference": -3}


class GoodsCatalogReport(msgspec.Struct, frozen=True):
    """A goods catalog imported (`applied`) or only checked (?dry_run=true), with what it changes;
    `problems` is empty here (a sheet with problems answers 400 and imports nothing)."""

    rows: int
    applied: bool
    listed: int
    changed: int
    problems: list[RowProblem]

    example: ClassVar[dict[str, Any]] = {
        "rows": 20,
        "applied": True,
        "listed": 18,
        "changed": 2,
        "problems": [],
    }


class RuleCatalogReport(msgspec.Struct, frozen=True):
    """A rule catalog imported (`applied`) or only checked (?dry_run=true), with what it changes;
    `problems` is empty here (a sheet with problems answers 400 and imports nothing)."""

    rows: int
    applied: bool
    defined: int
    changed: int
    problems: list[RowProblem]

    example: ClassVar[dict[str, Any]] = {
        "rows": 25,
        "applied": True,
        "defined": 23,
        "changed": 2,
        "problems": [],
    }


class FundBalance(msgspec.Struct, frozen=True):
    """What the happiness fund holds."""

    balance_fen: int

    example: ClassVar[dict[str, Any]] = {"balance_fen": 235050}


class ContributionRecorded(msgspec.Struct, frozen=True):
    """A gift to the fund: its event, the fund's balance after it and the points the household got."""

    event_seq: int
    balance_fen: int
    points: int  # 0 unless a household gave

    example: ClassVar[dict[str, Any]] = {"event_seq": 2852, "balance_fen": 255050, "points": 20}


class ExpenditureRecorded(msgspec.Struct, frozen=True):
    """Money paid from the fund: its event and the fund's balance after it."""

    event_seq: int
    balance_fen: int

    example: ClassVar[dict[str, Any]] = {"event_seq": 2853, "balance_fen": 105050}


class StatementEntry(msgspec.Struct, frozen=True):
    """One movement of the fund on its statement; money in is positive, money out negative."""

    seq: int
    occurred_on: datetime.date
    kind: str
    amount_fen: int
    party: str  # a donor or payee; a household as on the public board (3-12 王*国); 匿名
    source_or_purpose: str


class FundStatement(msgspec.Struct, frozen=True):
    """The fund's public statement for a month: balances, money in by source and out by purpose."""

    month: str
    opening_balance_fen: int
    in_fen: int
    out_fen: int
    closing_balance_fen: int
    in_by_source: dict[str, int]
    out_by_purpose: dict[str, int]
    entries: list[StatementEntry]

    example: ClassVar[dict[str, Any]] = {
        "month": "2026-11",
        "opening_balance_fen": 85050,
        "in_fen": 520000,
        "out_fen": 150000,
        "closing_balance_fen": 455050,
        "in_by_source": {"enterprise": 500000, "household": 20000},
        "out_by_purpose": {"采购爱心超市大米": 150000},
        "entries": [
            {
                "seq": 2852,
                "occurred_on": "2026-11-05",
                "kind": "fund.contributed",
                "amount_fen": 20000,
                "party": "3-12 王*国",
                "source_or_purpose": "household",
            },
            {
                "seq": 2860,
                "occurred_on": "2026-11-12",
                "kind": "fund.contributed",
                "amount_fen": 500000,
                "party": "示范农业合作社",
                "source_or_purpose": "enterprise",
            },
            {
                "seq": 2871,
                "occurred_on": "2026-11-18",
                "kind": "fund.spent",
                "amount_fen": -150000,
                "party": "镇供销社",
                "source_or_purpose": "采购爱心超市大米",
            },
        ],
    }


class PointsReconciled(msgspec.Struct, frozen=True):
    """Points by what moved them; `outstanding` is what households hold (the community's liability)."""

    issued: int
    deducted: int
    redeemed: int
    returned_by_reversals: int
    expired: int
    carried_in: int
    outstanding: int


class CarriedIn(msgspec.Struct, frozen=True):
    """What was carried over from paper, confirmed and still in publicity."""

    households: int
    spendable: int
    honour: int
    households_in_publicity: int
    spendable_in_publicity: int
    fund_fen: int


class GoodsReconciled(msgspec.Struct, frozen=True):
    """One item's stock by what moved it, and its value at its points price (0 once retired)."""

    goods_id: uuid.UUID
    code: str
    name: str
    received: int
    redeemed: int
    returned: int
    written_off: int
    counted_difference: int
    stock: int
    value_points: int


class StockReconciled(msgspec.Struct, frozen=True):
    """The shelf, item by item, and its whole value in points."""

    goods: list[GoodsReconciled]
    value_points: int


class PurchaseReconciled(msgspec.Struct, frozen=True):
    """A fund expenditure beside the stock receipts that name it."""

    expenditure_seq: int
    occurred_on: datetime.date
    purpose: str
    payee: str
    amount_fen: int
    stock_receipts: int
    quantity_received: int


class FundReconciled(msgspec.Struct, frozen=True):
    """The fund's balance and its spending against the stock it bought."""

    balance_fen: int
    expenditures: list[PurchaseReconciled]
    expenditures_without_stock: list[int]  # their seqs


class Reconciliation(msgspec.Struct, frozen=True):
    """Points, stock and the fund, as the log and the tables each say; `mismatches` names every
    difference and `ok` is true when there is none."""

    points: PointsReconciled
    carried_in: CarriedIn
    stock: StockReconciled
    fund: FundReconciled
    mismatches: list[str]
    ok: bool

    example: ClassVar[dict[str, Any]] = {
        "points": {
            "issued": 1250,
            "deducted": 40,
            "redeemed": 860,
            "returned_by_reversals": 21,
            "expired": 0,
            "carried_in": 3450,
            "outstanding": 3821,
        },
        "carried_in": {
            "households": 86,
            "spendable": 3450,
            "honour": 5200,
            "households_in_publicity": 0,
            "spendable_in_publicity": 0,
            "fund_fen": 85050,
        },
        "stock": {
            "goods": [
                {
                    "goods_id": GOODS,
                    "code": "SOAP",
                    "name": "肥皂",
                    "received": 60,
                    "redeemed": 15,
                    "returned": 0,
                    "written_off": 3,
                    "counted_difference": 0,
                    "stock": 42,
                    "value_points": 294,
                }
            ],
            "value_points": 294,
        },
        "fund": {
            "balance_fen": 455050,
            "expenditures": [
                {
                    "expenditure_seq": 2871,
                    "occurred_on": "2026-11-18",
                    "purpose": "采购爱心超市大米",
                    "payee": "镇供销社",
                    "amount_fen": 150000,
                    "stock_receipts": 1,
                    "quantity_received": 30,
                }
            ],
            "expenditures_without_stock": [],
        },
        "mismatches": [],
        "ok": True,
    }


class Policy(msgspec.Struct, frozen=True):
    """The community's policies (PATCH …/policy changes them) and the time zone its days are counted in."""

    time_zone: str
    counter_pin_required: bool
    redemption_window: Literal["open", "closed", "monthly_day"]
    redemption_day: int | None  # the day of the month, when the window is monthly_day
    deduction_may_overdraw: bool
    fund_points_per_100_yuan: int
    star_thresholds: list[int]
    publicity_days: int
    publicity_threshold: int
    year_end: Literal["carry_over", "expire"]
    red_board_size: int
    black_board_public: bool
    board_listing_days: int
    yearly_points_cap: int  # 0: no cap
    direct_awards: bool
    fund_resolution_threshold_fen: int  # above it an expenditure needs its resolution; 0: off
    claims_per_day_max: int  # residents' own claims a card may make a day
    claims_per_rule_per_day_max: int  # … and of one rule a day

    example: ClassVar[dict[str, Any]] = {
        "time_zone": "Asia/Shanghai",
        "counter_pin_required": True,
        "redemption_window": "monthly_day",
        "redemption_day": 15,
        "deduction_may_overdraw": False,
        "fund_points_per_100_yuan": 10,
        "star_thresholds": [50, 100, 200, 400, 800],
        "publicity_days": 7,
        "publicity_threshold": 50,
        "year_end": "expire",
        "red_board_size": 10,
        "black_board_public": False,
        "board_listing_days": 30,
        "yearly_points_cap": 1200,
        "direct_awards": True,
        "fund_resolution_threshold_fen": 500000,
        "claims_per_day_max": 3,
        "claims_per_rule_per_day_max": 1,
    }
