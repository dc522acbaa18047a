"""Shapes of answers that several subjects share (a household, goods, a rule, an event); a
subject's own answers are in its module here. Requests are the domain's command Structs."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any, ClassVar

import msgspec

from ledger import limits
from ledger.api.examples import GOODS, HOUSEHOLD, RULE


class Credentials(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    username: Annotated[str, msgspec.Meta(min_length=1, max_length=limits.USERNAME_LENGTH_MAX)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=limits.PASSWORD_LENGTH_MAX)]


class AccessToken(msgspec.Struct, frozen=True):
    access_token: str
    expires_in: int
    token_type: str = "bearer"

    example: ClassVar[dict[str, Any]] = {
        "access_token": "kq3Jd8Vb0yXw2Lr5TzPn7Hc1Fm4Gs6Ae9UoIiQtRlEk",
        "expires_in": 43200,
        "token_type": "bearer",
    }


class Balance(msgspec.Struct, frozen=True):
    spendable: int
    pending: int
    honour: int


class Member(msgspec.Struct, frozen=True):
    id: uuid.UUID
    name: str
    relation: str
    phone: str | None
    id_card_last4: str | None
    status: str


class Household(msgspec.Struct, frozen=True):
    id: uuid.UUID
    number: str
    head_name: str
    status: str
    balance: Balance
    last_seq: int
    members: list[Member] | None = None
    # Where it belongs (村民小组, 网格 / 楼栋); null until the committee places it.
    group_id: uuid.UUID | None = None
    group_name: str | None = None
    grid_id: uuid.UUID | None = None
    grid_name: str | None = None

    example: ClassVar[dict[str, Any]] = {
        "id": HOUSEHOLD,
        "number": "3-12",
        "head_name": "王建国",
        "status": "active",
        "balance": {"spendable": 118, "pending": 15, "honour": 40},
        "last_seq": 2841,
        "group_id": "5b0f3c1e-2d4a-4e6b-8c9d-0a1b2c3d4e5f",
        "group_name": "第三村民小组",
        "grid_id": None,
        "grid_name": None,
        "members": [
            {
                "id": "8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d",
                "name": "王小明",
                "relation": "子女",
                "phone": "13907311234",
                "id_card_last4": "2519",
                "status": "active",
            }
        ],
    }


class HouseholdPage(msgspec.Struct, frozen=True):
    households: list[Household]
    next_after: str | None

    example: ClassVar[dict[str, Any]] = {
        "households": [{**Household.example, "members": None}],
        "next_after": "3-12",
    }


class Created(msgspec.Struct, frozen=True):
    id: uuid.UUID

    example: ClassVar[dict[str, Any]] = {"id": HOUSEHOLD}


class Card(msgspec.Struct, frozen=True):
    token: str
    short_code: str
    card_url: str

    example: ClassVar[dict[str, Any]] = {
        "token": "XeNjJ_S3JzlL_z0YIJIySM9v9A5YFxwU",
        "short_code": "XENJ-JS3J",
        "card_url": "http://192.168.1.20:8000/c/XeNjJ_S3JzlL_z0YIJIySM9v9A5YFxwU",
    }


class Goods(msgspec.Struct, frozen=True):
    id: uuid.UUID
    code: str
    name: str
    name_en: str
    category: str
    unit: str
    points: int
    stock: int
    status: str
    low_stock_threshold: int

    example: ClassVar[dict[str, Any]] = {
        "id": GOODS,
        "code": "SOAP",
        "name": "肥皂",
        "name_en": "Soap",
        "category": "日用品",
        "unit": "块",
        "points": 7,
        "stock": 42,
        "status": "active",
        "low_stock_threshold": 10,
    }


class Rule(msgspec.Struct, frozen=True):
    id: uuid.UUID
    code: str
    name: str
    name_en: str
    category: str
    points: int
    needs_publicity: bool
    needs_evidence: bool
    claimable: bool  # residents may claim it from the card page (村民申报)
    status: str

    example: ClassVar[dict[str, Any]] = {
        "id": RULE,
        "code": "R01",
        "name": "参加村道清扫",
        "name_en": "Took part in cleaning the village road",
        "category": "环境卫生",
        "points": 5,
        "needs_publicity": True,
        "needs_evidence": False,
        "claimable": True,
        "status": "active",
    }


class RecordedEvent(msgspec.Struct, frozen=True):
    seq: int
    kind: str
    recorded_at: datetime.datetime
    occurred_on: datetime.date
    actor_id: uuid.UUID | None
    household_id: uuid.UUID | None
    spendable_delta: int
    pending_delta: int
    honour_delta: int
    money_delta_fen: int
    body: dict[str, Any]
    previous_hash: str
    hash: str
    canonical: str  # the exact chained bytes (UTF-8 JSON): anyone can recompute the hash


class EventPage(msgspec.Struct, frozen=True):
    events: list[RecordedEvent]
    next_after: int

    example: ClassVar[dict[str, Any]] = {
        "events": [
            {
                "seq": 2841,
                "kind": "redemption.made",
                "recorded_at": "2026-11-20T02:31:07.412Z",
                "occurred_on": "2026-11-20",
                "actor_id": "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5",
                "household_id": HOUSEHOLD,
                "spendable_delta": -21,
                "pending_delta": 0,
                "honour_delta": 0,
                "money_delta_fen": 0,
                "body": {"lines": [{"goods_id": GOODS, "quantity": 3, "points": 7}]},
                "previous_hash": "5d41402abc4b2a76b9719d911017c592ae1f0c8e3b6f2a3d9e0c1b2a3f4e5d6c",
                "hash": "9c1185a5c5e9fc54612808977ee8f548b2258d31a0f1e2d3c4b5a69788796a5b",
                "canonical": '{"community_id":"…","kind":"redemption.made",…}',
            }
        ],
        "next_after": 2841,
    }


class Verification(msgspec.Struct, frozen=True):
    ok: bool
    events: int
    head_seq: int
    head_hash: str
    # Defaults only so the document's example may leave them out (it cannot show a null).
    first_bad_seq: int | None = None
    problem: str | None = None

    example: ClassVar[dict[str, Any]] = {
        "ok": True,
        "events": 2841,
        "head_seq": 2841,
        "head_hash": "9c1185a5c5e9fc54612808977ee8f548b2258d31a0f1e2d3c4b5a69788796a5b",
        "first_bad_seq": None,
        "problem": None,
    }


def household_answer(row: Any, members: list[Any] | None = None) -> Household:
    return Household(
        id=row["household_id"],
        number=row["number"],
        head_name=row["head_name"],
        status=row["status"],
        balance=Balance(row["spendable"], row["pending"], row["honour"]),
        last_seq=row["last_seq"],
        members=None
        if members is None
        else [
            Member(m["member_id"], m["name"], m["relation"], m["phone"], m["id_card_last4"], m["status"])
            for m in members
        ],
        group_id=row["group_id"],
        group_name=row["group_name"],
        grid_id=row["grid_id"],
        grid_name=row["grid_name"],
    )


def goods_answer(row: Any) -> Goods:
    return Goods(
        id=row["goods_id"],
        code=row["code"],
        name=row["name"],
        name_en=row["name_en"],
        category=row["category"],
        unit=row["unit"],
        points=row["points"],
        stock=row["stock"],
        status=row["status"],
        low_stock_threshold=row["low_stock_threshold"],
    )


def rule_answer(row: Any) -> Rule:
    return Rule(
        id=row["rule_id"],
        code=row["code"],
        name=row["name"],
        name_en=row["name_en"],
        category=row["category"],
        points=row["points"],
        needs_publicity=row["needs_publicity"],
        needs_evidence=row["needs_evidence"],
        claimable=row["claimable"],
        status=row["status"],
    )


class Readiness(msgspec.Struct, frozen=True, omit_defaults=True):
    """/healthz and /readyz: "ok" (while the database cannot be reached, /readyz answers the
    503 database_unavailable problem instead)."""

    status: str
    detail: str | None = None

    example: ClassVar[dict[str, Any]] = {"status": "ok"}
