"""What a community publishes, as tables to download: the happiness fund's monthly
statement and the monthly red or black list, laid out from the services' answers."""

from __future__ import annotations

from typing import Any

from ledger.domain.spreadsheet import Cell, Table


def _yuan(fen: int) -> float:
    return round(fen / 100, 2)  # shown in yuan, kept in fen


def fund_statement(statement: dict[str, Any]) -> Table:
    """The month's totals above the entries, one row per gift or payment."""
    return Table(
        statement["month"],
        ("日期", "事项", "来源或用途", "单位或个人", "金额（元）", "记录号"),
        [
            [
                entry["occurred_on"],
                "收入" if entry["amount_fen"] > 0 else "支出",
                entry["source_or_purpose"],
                entry["party"],
                _yuan(entry["amount_fen"]),
                entry["seq"],
            ]
            for entry in statement["entries"]
        ],
        above_header=_statement_totals(statement),
    )


def _statement_totals(statement: dict[str, Any]) -> list[list[Cell]]:
    return [
        ["幸福基金月度公示", statement["month"]],
        ["期初余额（元）", _yuan(statement["opening_balance_fen"])],
        ["本月收入（元）", _yuan(statement["in_fen"])],
        ["本月支出（元）", _yuan(statement["out_fen"])],
        ["期末余额（元）", _yuan(statement["closing_balance_fen"])],
        [],
    ]


def monthly_board(listing: dict[str, Any], colour: str) -> Table:
    """The list's households, ranked, names masked as on the board."""
    return Table(
        f"{listing['month']} {colour}",
        ("名次", "户", "积分", "次数"),
        [
            [entry["rank"], entry["household"], entry["points"], entry["times"]]
            for entry in listing["entries"]
        ],
    )
