"""Activity by month: what each event adds to its community's month (schema/0025 says what
counts; schema/functions/activity.sql is the same rule, applied with every append). The
rebuild replays the log through this and compares with the tables."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ledger.domain import events as kinds
from ledger.domain.events import EventEffect

# The kinds that move a figure of their own, and those that take one back out.
FIGURE_KINDS = frozenset(
    {
        kinds.AWARD_CONFIRMED,
        kinds.DEDUCTION_RECORDED,
        kinds.REDEMPTION_MADE,
        kinds.FUND_CONTRIBUTED,
        kinds.FUND_SPENT,
    }
)
REVERSING_KINDS = frozenset({kinds.REVERSAL_RECORDED, kinds.REDEMPTION_CANCELLED})
# A household with one of these in a month took part that month.
TAKING_PART_KINDS = frozenset({kinds.AWARD_CONFIRMED, kinds.DEDUCTION_RECORDED, kinds.REDEMPTION_MADE})
# The kinds the monthly red and black lists count per household (schema/0027).
LISTED_KINDS = frozenset({kinds.AWARD_CONFIRMED, kinds.DEDUCTION_RECORDED})


@dataclass(slots=True)
class MonthActivity:
    points_awarded: int = 0
    points_deducted: int = 0
    points_redeemed: int = 0
    fund_in_fen: int = 0
    fund_out_fen: int = 0
    households_taking_part: int = 0


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_figure(activity: MonthActivity, figure_kind: str, event: EventEffect) -> None:
    """Add what `event` moves, read as an event of `figure_kind` (its own kind, or for a
    reversal the reversed entry's: the reversal's deltas are that entry's, negated)."""
    if figure_kind == kinds.AWARD_CONFIRMED:
        activity.points_awarded += event.honour_delta
    elif figure_kind == kinds.DEDUCTION_RECORDED:
        activity.points_deducted -= event.honour_delta
    elif figure_kind == kinds.REDEMPTION_MADE:
        activity.points_redeemed -= event.spendable_delta
    elif figure_kind == kinds.FUND_CONTRIBUTED:
        activity.fund_in_fen += event.money_delta_fen
    elif figure_kind == kinds.FUND_SPENT:
        activity.fund_out_fen -= event.money_delta_fen


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of the months from `first`'s to `last`'s, both included."""
    months, month = [], month_of(first)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def months_back(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month `count` months before `month`'s."""
    index = month.year * 12 + month.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)


def participation_rate(households_taking_part: int, households_active: int) -> float:
    """Households that took part over households on the roll, 0–1 (0 with no households),
    rounded to four places: what a chart and a table show, the same in both."""
    if households_active <= 0:
        return 0.0
    return round(households_taking_part / households_active, 4)


def ranked(rates: dict[str, float]) -> dict[str, int]:
    """Each key's rank by its rate, highest first; equal rates share a rank (1, 2, 2, 4)."""
    ordered = sorted(rates.values(), reverse=True)
    return {key: ordered.index(rate) + 1 for key, rate in rates.items()}
