"""Shapes of answers (requests are the domain's command Structs)."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any

import msgspec

from ledger import limits


class Credentials(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    username: Annotated[str, msgspec.Meta(min_length=1, max_length=limits.USERNAME_LENGTH_MAX)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=limits.PASSWORD_LENGTH_MAX)]


class AccessToken(msgspec.Struct, frozen=True):
    access_token: str
    expires_in: int
    token_type: str = "bearer"


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


class HouseholdPage(msgspec.Struct, frozen=True):
    households: list[Household]
    next_after: str | None


class Created(msgspec.Struct, frozen=True):
    id: uuid.UUID


class Card(msgspec.Struct, frozen=True):
    token: str
    short_code: str
    card_url: str


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


class Rule(msgspec.Struct, frozen=True):
    id: uuid.UUID
    code: str
    name: str
    name_en: str
    category: str
    points: int
    needs_publicity: bool
    needs_evidence: bool
    status: str


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


class Verification(msgspec.Struct, frozen=True):
    ok: bool
    events: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None
    problem: str | None


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
        status=row["status"],
    )


class Readiness(msgspec.Struct, frozen=True):
    """/readyz: "ok", or "unavailable" with what went wrong (the database cannot be reached)."""

    status: str
    detail: str | None = None
