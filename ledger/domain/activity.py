"""Activity by month: what each event adds to its community's month (schema/0025 says what
counts; schema/functions/activity.sql is the same rule, applied with every append). The
rebuild replays the log through this and compares with the tables."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ledger.domain import events as kinds
from ledger.domain.events import Event

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


def add_figure(activity: MonthActivity, figure_kind: str, event: Event) -> None:
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
