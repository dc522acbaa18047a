"""The township's or county's activity as one sheet: a row per village and month, the same
numbers as the charts and the tables beside them (ledger/services/oversight.py's answer)."""

from __future__ import annotations

from typing import Any

from ledger.domain.spreadsheet import Table


def activity(answer: dict[str, Any]) -> Table:
    area = answer["area"]
    rows = [
        [
            village["rank"],
            village["name"],
            village["township"],
            month["month"],
            village["households_active"],
            month["households_taking_part"],
            round(month["participation_rate"] * 100, 2),
            month["points_awarded"],
            month["points_deducted"],
            month["points_redeemed"],
            round(month["fund_in_fen"] / 100, 2),
            round(month["fund_out_fen"] / 100, 2),
            village["stock_points"],
        ]
        for village in answer["villages"]
        for month in village["months"]
    ]
    return Table(
        f"{answer['from']}_{answer['to']}",
        (
            "参与率排名",
            "村（社区）",
            "乡镇",
            "月份",
            "在册户",
            "参与户",
            "参与率（%）",
            "加分",
            "扣分",
            "兑换积分",
            "基金收入（元）",
            "基金支出（元）",
            "库存价值（积分）",
        ),
        rows,
        above_header=[["积分活动", area["name"]], ["月份", f"{answer['from']} 至 {answer['to']}"], []],
        column_widths=(10, 16, 12, 10),
    )
