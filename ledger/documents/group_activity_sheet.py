"""A village's groups month by month as one sheet: a row per group and month, the same
numbers as the drill-down's charts and tables (ledger/services/village_activity.py)."""

from __future__ import annotations

from typing import Any

from ledger.domain.spreadsheet import Table


def groups(answer: dict[str, Any]) -> Table:
    rows = [
        [
            group["name"],
            month["month"],
            group["households_active"],
            month["households_taking_part"],
            round(month["participation_rate"] * 100, 2),
            month["points_awarded"],
            month["points_deducted"],
            month["points_redeemed"],
        ]
        for group in answer["groups"]
        for month in group["months"]
    ]
    return Table(
        f"{answer['from']}_{answer['to']}",
        ("村民小组", "月份", "在册户", "参与户", "参与率（%）", "加分", "扣分", "兑换积分"),
        rows,
        above_header=[["各组积分活动", answer["name"]], ["月份", f"{answer['from']} 至 {answer['to']}"], []],
        column_widths=(14, 10),
    )
