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
    by_kind = await reports.points_by_kind(pool, community_id)
    mismatches: list[str] = []

    issued = sum(by_kind.get(kind, 0) for kind in ISSUED)
    deducted = -by_kind.get(kinds.DEDUCTION_RECORDED, 0)
    redeemed = -by_kind.get(kinds.REDEMPTION_MADE, 0)
    returned_by_reversal = by_kind.get(kinds.REVERSAL_RECORDED, 0) + by_kind.get(
        kinds.REDEMPTION_CANCELLED, 0
    )
    expired = -sum(by_kind.get(kind, 0) for kind in EXPIRED_KINDS)
    # Balances carried over from paper are not points issued by the ledger: shown apart.
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
    unlinked = await reports.unlinked_purchases(pool, community_id)
    for row in unlinked:
        mismatches.append(
            f"stock receipt #{row['seq']} ({row['quantity']} of goods {row['goods_id']}) was bought "
            "but names no fund expenditure"
        )
    fund_balance = await queries.fund_balance(pool, community_id)

    return {
        "points": {
            "issued": issued,
            "deducted": deducted,
            "redeemed": redeemed,
            "returned_by_reversals": returned_by_reversal,
            "expired": expired,
            "carried_in": carried["spendable_by_log"],
            "outstanding": outstanding,
        },
        "carried_in": {
            "households": carried["households_by_log"],
            "spendable": carried["spendable_by_log"],
            "honour": carried["honour_by_log"],
            "households_in_publicity": carried["households_in_publicity"],
            "spendable_in_publicity": carried["spendable_in_publicity"],
            "fund_fen": carried["fund_fen_by_log"],
        },
        "stock": {"goods": goods, "value_points": stock_value},
        "fund": {
            "balance_fen": fund_balance,
            "expenditures": purchases,
            "expenditures_without_stock": [
                p["expenditure_seq"] for p in purchases if not p["stock_receipts"]
            ],
        },
        "mismatches": mismatches,
        "ok": not mismatches,
    }
