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
REDEEM_BY_CARD = body(
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
CLAIM = body(
    "a resident swept the lane to the ancestral hall",
    {"rule_id": RULE, "note": "打扫了村口到祠堂的巷子", "occurred_on": "2026-11-20"},
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
LOG_IN = body("a counter clerk logs in", {"username": "liu_counter", "password": "春风十里不如你2026"})
PASSWORD_CHANGE = body(
    "one's own password, changed", {"current_password": "春风十里不如你2026", "new_password": "山高水长365天"}
)
NEW_STAFF = body(
    "a grid worker who proposes awards",
    {
        "username": "zhang_grid",
        "password": "初始密码请尽快修改9",
        "roles": ["scorer"],
        "display_name": "张网格",
    },
)
ROLE_GRANT = body("the committee member also runs the counter on market days", {"role": "counter"})
PASSWORD_RESET = body("a forgotten password, reset by the admin", {"new_password": "临时密码请登录后修改7"})
REVERSE = body("an award entered twice", {"event_seq": 1342, "reason": "同一次清扫重复录入"})
REGISTER_HOUSEHOLD = body("a household moved into group 3", {"number": "3-017", "head_name": "李秀英"})
CHANGE_HOUSEHOLD = body(
    "the head of the household changes", {"head_name": "王建国", "reason": "原户主去世，由长子担任户主"}
)
ADD_MEMBER = body(
    "a daughter-in-law joins the household",
    {"name": "陈晓燕", "relation": "other", "phone": "13800138000", "id_card_last4": "302X"},
)
CREATE_GROUP = body(
    "a grid within villager group 3",
    {"kind": "grid", "name": "三组东片", "parent_id": "5b0f3c1e-2d4a-4e6b-8c9d-0a1b2c3d4e5f"},
)
CHANGE_GROUP = body("the group takes its new name", {"name": "第三村民小组"})
MOVE_HOUSEHOLD = body(
    "a household placed in group 3 and its east grid",
    {
        "household_id": "0b5f6a1e-8a53-4d8e-9c43-2f0d6f8e1a27",
        "group_id": "5b0f3c1e-2d4a-4e6b-8c9d-0a1b2c3d4e5f",
        "grid_id": "6c1a4d2f-3e5b-4f7c-9d0e-1b2c3d4e5f60",
    },
)
ASSIGN_GRID = body("the grid worker who looks after it", {"user_id": "7d2b5e3a-4f6c-4a8d-8e1f-2c3d4e5f6a71"})
CHANGE_MEMBER = body("a son leaves for work in the city", {"status": "left"})
CARD_LOOKUP = body("the short code printed under the QR code, typed by hand", {"card": "K7MX-3PQA"})
CARD_SHEET = body(
    "an A4 sheet of cards for two households",
    {"household_ids": [HOUSEHOLD, "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d"]},
)
LIST_GOODS = body(
    "5 kg of rice",
    {
        "code": "LY001",
        "name": "东北大米 5kg",
        "points": 120,
        "name_en": "Rice 5 kg",
        "category": "粮油",
        "unit": "袋",
    },
)
CHANGE_GOODS = body("rice costs more points from next month", {"points": 130, "low_stock_threshold": 10})
STOCK_COUNT = body("the monthly stock-take", {"goods_id": GOODS, "counted": 27, "note": "月末盘点"})
STOCK_WRITE_OFF = body(
    "eggs broken in transport", {"goods_id": GOODS, "quantity": 3, "reason": "运输途中破损"}
)
EXPENDITURE = body(
    "rice bought for the supermarket",
    {
        "amount_fen": 150000,
        "purpose": "采购爱心超市大米",
        "payee": "镇供销社",
        "note": "30袋",
        "occurred_on": "2026-11-18",
    },
)
FUND_RESOLUTION = body(
    "the villager representatives approve up to 8,000 yuan for street lights",
    {
        "meeting": "villager_representatives",
        "meeting_on": "2026-11-20",
        "purpose": "修缮村道路灯",
        "amount_fen": 800000,
        "entitled": 30,
        "attended": 24,
        "voted_for": 21,
        "note": "经党支部提议、两委商议、党员大会审议",
    },
)
WITHDRAW_RESOLUTION = body(
    "the amount was typed wrong; the right one is recorded again",
    {"reason": "金额录错，应为 6,000 元，已重新记入"},
)
CANCEL_REDEMPTION = body("rung up for the wrong household", {"reason": "扫错了卡，刷成了邻居家"})
POLICY = body(
    "seven days' publicity from 50 points, and unspent points expire at year end",
    {"publicity_days": 7, "publicity_threshold": 50, "year_end": "expire", "yearly_points_cap": 1200},
)
SET_PIN = body("the household's counter PIN", {"pin": "2468"})
DEFINE_RULE = body(
    "a red-list item that goes through publicity",
    {
        "code": "R15",
        "name": "子女考上大学",
        "points": 50,
        "name_en": "Child admitted to university",
        "category": "教育",
        "needs_publicity": True,
        "needs_evidence": True,
    },
)
CHANGE_RULE = body("the village meeting raised the points", {"points": 60})
DECIDE = body("approved after checking the sign-in sheet", {"approve": True, "reason": "已核对签到表"})
SETTLE = body("the year 2025 is settled", {"year": 2025})
HONOUR = body(
    "文明家庭 for 2026",
    {"household_id": HOUSEHOLD, "title": "文明家庭", "year": 2026, "note": "村民代表大会评选"},
)
OBJECTION_DECISION = body(
    "the objection was checked and is unfounded", {"uphold": False, "reason": "经走访核实，情况属实"}
)
HOUSEHOLD_LINK = body("a staff member's parents' household", {"household_id": HOUSEHOLD, "kind": "related"})
