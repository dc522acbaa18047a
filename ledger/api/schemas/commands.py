"""Answers of the ledger's commands (awards, stock receipts, redemptions and redemptions by card,
reversals and cancellations) and of the counter's other operations.

A command answers its event: the event's body with where it sits in the record (the
database's ledger_answer, schema/functions/idempotency.sql), so a replay answers exactly the first answer."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, ClassVar, Literal

import msgspec

from ledger.api.examples import GOODS, HOUSEHOLD, RULE

SOY_SAUCE = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"


class _CommandEvent(msgspec.Struct, frozen=True, kw_only=True):
    """Where a command's event sits in the record; each answer adds the event's body."""

    event_seq: int
    kind: str
    recorded_at: datetime.datetime
    occurred_on: datetime.date


class StockReceived(_CommandEvent, frozen=True, kw_only=True):
    """Goods received onto the shelf (stock.received), bought, donated or transferred."""

    goods_id: uuid.UUID
    quantity: int
    stock_after: int
    source: Literal["purchase", "donation", "transfer"]
    # Always sent, null when not given; the defaults are only so the document's example may
    # leave a null out (it cannot show one).
    note: str | None = None
    donor: str | None = None  # who gave it, for a donation
    fund_expenditure_seq: int | None = None  # the fund expenditure that paid for it
    household_id: None = None  # stock is no household's

    example: ClassVar[dict[str, Any]] = {
        "event_seq": 1251,
        "kind": "stock.received",
        "recorded_at": "2026-11-18T07:42:15.093311Z",
        "occurred_on": "2026-11-18",
        "goods_id": GOODS,
        "quantity": 30,
        "stock_after": 72,
        "source": "purchase",
        "note": "镇供销社进货",
        "fund_expenditure_seq": 1250,
    }


class AwardRecorded(_CommandEvent, frozen=True, kw_only=True, omit_defaults=True):
    """An award or deduction by a rule: in effect at once (award.confirmed, deduction.recorded,
    with spendable_after) or posted for publicity as pending (publicity.started, with ends_on)."""

    household_id: uuid.UUID
    kind: Literal["award.confirmed", "deduction.recorded", "publicity.started"]
    rule_id: uuid.UUID
    rule_code: str
    rule_name: str
    points: int  # negative for a deduction
    member: str | None
    note: str | None
    # Each present only for its kind of event (absent, not null, otherwise).
    award_id: uuid.UUID | None = None
    deduction_id: uuid.UUID | None = None
    spendable_after: int | None = None
    ends_on: datetime.date | None = None  # the last day of its publicity

    example: ClassVar[dict[str, Any]] = {
        "event_seq": 2842,
        "kind": "award.confirmed",
        "household_id": HOUSEHOLD,
        "recorded_at": "2026-11-20T01:15:42.318204Z",
        "occurred_on": "2026-11-20",
        "award_id": "c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f",
        "rule_id": RULE,
        "rule_code": "R01",
        "rule_name": "参加村道清扫",
        "points": 5,
        "member": "王小明",
        "note": "村道清扫",
        "spendable_after": 123,
    }


class RedeemedLine(msgspec.Struct, frozen=True):
    """One line of a redemption, priced at the moment it was made."""

    goods_id: uuid.UUID
    code: str
    name: str
    quantity: int
    points_each: int
    points: int


class Redemption(_CommandEvent, frozen=True, kw_only=True):
    """A cart redeemed, all or nothing (redemption.made): what it cost and what is left."""

    household_id: uuid.UUID

    redemption_id: uuid.UUID
    lines: list[RedeemedLine]
    points: int
    spendable_after: int

    example: ClassVar[dict[str, Any]] = {
        "event_seq": 2843,
        "kind": "redemption.made",
        "household_id": HOUSEHOLD,
        "recorded_at": "2026-11-20T02:31:07.412583Z",
        "occurred_on": "2026-11-20",
        "redemption_id": "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
        "lines": [
            {
                "goods_id": GOODS,
                "code": "SOAP",
                "name": "肥皂",
                "quantity": 2,
                "points_each": 7,
                "points": 14,
            },
            {
                "goods_id": SOY_SAUCE,
                "code": "SOY",
                "name": "酱油",
                "quantity": 1,
                "points_each": 12,
                "points": 12,
            },
        ],
        "points": 26,
        "spendable_after": 92,
    }


class RedemptionWithReceipt(Redemption, frozen=True, kw_only=True):
    """A redemption by card: the redemption and the number printed on its receipt."""

    receipt_number: str

    example: ClassVar[dict[str, Any]] = {
        **Redemption.example,
        "lines": [Redemption.example["lines"][0]],
        "points": 14,
        "spendable_after": 104,
        "receipt_number": "No.00002843",
    }


class ReturnedStock(msgspec.Struct, frozen=True):
    """Goods a reversed redemption put back on the shelf."""

    goods_id: uuid.UUID
    quantity: int


class Reversal(_CommandEvent, frozen=True, kw_only=True):
    """An award, deduction or redemption undone (reversal.recorded), with its reason."""

    household_id: uuid.UUID

    reversed_seq: int
    reversed_kind: str
    reason: str
    stock: list[ReturnedStock]  # empty unless a redemption was reversed
    spendable_after: int

    example: ClassVar[dict[str, Any]] = {
        "event_seq": 2851,
        "kind": "reversal.recorded",
        "household_id": HOUSEHOLD,
        "recorded_at": "2026-11-21T03:05:51.770142Z",
        "occurred_on": "2026-11-21",
        "reversed_seq": 1342,
        "reversed_kind": "award.confirmed",
        "reason": "同一次清扫重复录入",
        "stock": [],
        "spendable_after": 113,
    }


class Cancellation(Reversal, frozen=True, kw_only=True):
    """A counter user's own redemption cancelled the same day (redemption.cancelled): the goods go back."""

    example: ClassVar[dict[str, Any]] = {
        **Reversal.example,
        "event_seq": 2844,
        "kind": "redemption.cancelled",
        "recorded_at": "2026-11-20T02:36:19.205466Z",
        "occurred_on": "2026-11-20",
        "reversed_seq": 2843,
        "reversed_kind": "redemption.made",
        "reason": "扫错了卡，刷成了邻居家",
        "stock": [{"goods_id": GOODS, "quantity": 2}],
        "spendable_after": 118,
    }


class PinUnlocked(msgspec.Struct, frozen=True):
    """Whether there was a lock or wrong tries to clear (false: none, nothing was recorded)."""

    unlocked: bool

    example: ClassVar[dict[str, Any]] = {"unlocked": True}
