"""Example request bodies for the OpenAPI document: what a counter, a scorer or a resident
actually sends."""

from __future__ import annotations

from typing import Any

from litestar.openapi.spec import Example
from litestar.params import Body

HOUSEHOLD = "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f"
GOODS = "0b7e4c1a-9d2f-4e3b-a5c6-d7e8f9a0b1c2"
RULE = "3d9a8b7c-6e5f-4a3b-9c2d-1e0f9a8b7c6d"


def body(summary: str, value: dict[str, Any]) -> Any:  # litestar's Body() is a parameter marker
    return Body(examples=[Example(summary=summary, value=value)])


REDEEM = body(
    "two bars of soap and a bottle of soy sauce",
    {
        "household_id": HOUSEHOLD,
        "lines": [
            {"goods_id": GOODS, "quantity": 2},
            {"goods_id": "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", "quantity": 1},
        ],
    },
)
COUNTER_SALE = body(
    "a scanned card, the household's PIN and the cart",
    {
        "card": "https://ledger.example.cn/c/XeNjJ_S3JzlL_z0YIJIySM9v9A5YFxwU",
        "pin": "2468",
        "lines": [{"goods_id": GOODS, "quantity": 1}],
    },
)
AWARD = body(
    "an award for a clean-up, for the member who took part",
    {
        "household_id": HOUSEHOLD,
        "rule_id": RULE,
        "member": "王小明",
        "note": "村道清扫",
        "occurred_on": "2026-11-20",
    },
)
PROPOSE = body(
    "after a clean-up day, for every household that took part",
    {
        "rule_id": RULE,
        "household_ids": [HOUSEHOLD, "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d"],
        "note": "11月20日环境整治",
    },
)
OBJECTION = body(
    "an objection with its reason", {"award_seq": 1287, "reason": "这户子女并未考上本科，情况不实"}
)
STOCK_RECEIPT = body(
    "rice bought with fund money",
    {"goods_id": GOODS, "quantity": 30, "source": "purchase", "fund_expenditure_seq": 1250},
)
CONTRIBUTION = body(
    "a household gives 200 yuan in cash",
    {"source": "household", "household_id": HOUSEHOLD, "amount_fen": 20000, "method": "cash"},
)
