"""The reconciliation report: points issued, redeemed, expired and outstanding (the
community's liability); stock and its value at points prices; fund spending against the
stock it bought. Every figure the log and the tables should agree on is compared, and any
difference is named."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger.domain import events as kinds
from ledger.store import queries, reports

ISSUED = (kinds.AWARD_CONFIRMED, kinds.FUND_CONTRIBUTED)
EXPIRED_KINDS = (kinds.SETTLEMENT_EXPIRED,)


async def report(pool: asyncpg.Pool, community_id: uuid.UUID) -> dict[str, Any]:
    mismatches: list[str] = []
    points, carried_in = await _points(pool, community_id, mismatches)
    return {
        "points": points,
        "carried_in": carried_in,
        "stock": await _stock(pool, community_id, mismatches),
        "fund": await _fund(pool, community_id, mismatches),
        "mismatches": mismatches,
        "ok": not mismatches,
    }


async def _points(
    pool: asyncpg.Pool, community_id: uuid.UUID, mismatches: list[str]
) -> tuple[dict[str, int], dict[str, int]]:
    """Points by what moved them, and what was carried over from paper (not points issued by
    the ledger: shown apart), each compared with what the tables hold."""
    by_kind = await reports.points_by_kind(pool, community_id)
    carried = await reports.carried_in(pool, community_id)
    for what, by_table, by_log in (
        ("households carried over", carried["households"], carried["households_by_log"]),
        ("points carried over", carried["spendable"], carried["spendable_by_log"]),
        ("honour carried over", carried["honour"], carried["honour_by_log"]),
        ("fund opening balance carried over (fen)", carried["fund_fen"], carried["fund_fen_by_log"]),
    ):
        if by_table != by_log:
            mismatches.append(f"{what}: the sheets say {by_table}, the log carried in {by_log}")
    outstanding_by_log = sum(by_kind.values())
    outstanding = await reports.points_outstanding(pool, community_id)
    if outstanding != outstanding_by_log:
        mismatches.append(
            f"points outstanding: households hold {outstanding}, the log adds up to {outstanding_by_log}"
        )
    points = {
        "issued": sum(by_kind.get(kind, 0) for kind in ISSUED),
        "deducted": -by_kind.get(kinds.DEDUCTION_RECORDED, 0),
        "redeemed": -by_kind.get(kinds.REDEMPTION_MADE, 0),
        "returned_by_reversals": by_kind.get(kinds.REVERSAL_RECORDED, 0)
        + by_kind.get(kinds.REDEMPTION_CANCELLED, 0),
        "expired": -sum(by_kind.get(kind, 0) for kind in EXPIRED_KINDS),
        "carried_in": carried["spendable_by_log"],
        "outstanding": outstanding,
    }
    carried_in = {
        "households": carried["households_by_log"],
        "spendable": carried["spendable_by_log"],
        "honour": carried["honour_by_log"],
        "households_in_publicity": carried["households_in_publicity"],
        "spendable_in_publicity": carried["spendable_in_publicity"],
        "fund_fen": carried["fund_fen_by_log"],
    }
    return points, carried_in


async def _stock(pool: asyncpg.Pool, community_id: uuid.UUID, mismatches: list[str]) -> dict[str, Any]:
    """Each item's movements and its value at its price in points (retired goods are worth
    nothing on the shelf)."""
    goods = []
    stock_value = 0
    for row in await reports.stock_movements(pool, community_id):
        if row["moved"] != row["stock"]:
            mismatches.append(
                f"stock of {row['code']} {row['name']}: the shelf says {row['stock']}, the log moved {row['moved']}"
            )
        value = row["stock"] * row["points"] if row["status"] == "active" else 0
        stock_value += value
        goods.append(
            {
                "goods_id": str(row["goods_id"]),
                "code": row["code"],
                "name": row["name"],
                "received": row["received"],
                "redeemed": row["redeemed"],
                "returned": row["returned"],
                "written_off": row["written_off"],
                "counted_difference": row["counted_difference"],
                "stock": row["stock"],
                "value_points": value,
            }
        )
    return {"goods": goods, "value_points": stock_value}


async def _fund(pool: asyncpg.Pool, community_id: uuid.UUID, mismatches: list[str]) -> dict[str, Any]:
    """The fund's balance and its spending against the stock it bought."""
    purchases = [
        {
            "expenditure_seq": row["seq"],
            "occurred_on": row["occurred_on"].isoformat(),
            "purpose": row["purpose"],
            "payee": row["payee"],
            "amount_fen": row["amount_fen"],
            "stock_receipts": row["receipts"],
            "quantity_received": row["quantity"],
        }
        for row in await reports.fund_purchases(pool, community_id)
    ]
    for row in await reports.unlinked_purchases(pool, community_id):
        mismatches.append(
            f"stock receipt #{row['seq']} ({row['quantity']} of goods {row['goods_id']}) was bought "
            "but names no fund expenditure"
        )
    return {
        "balance_fen": await queries.fund_balance(pool, community_id),
        "expenditures": purchases,
        "expenditures_without_stock": [p["expenditure_seq"] for p in purchases if not p["stock_receipts"]],
    }
