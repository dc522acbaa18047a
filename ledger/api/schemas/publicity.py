"""Answers about publicity (公示) and supervision: the board of awards in publicity, the
monthly red and black lists, objections and their decisions, and the patterns the
supervision committee looks at.

The public boards' shapes are all they show: names masked, and of where a carried-in
balance comes from only the page and line (the free text may name people). A field that is
not here is not sent, whatever the service puts beside it."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, ClassVar

import msgspec
from msgspec import UNSET, UnsetType

HEAD_HASH = "9c1185a5c5e9fc54612808977ee8f548b2258d31a0f1e2d3c4b5a69788796a5b"
OBJECTION = "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d"


class PostedSource(msgspec.Struct, frozen=True):
    """The passbook's page and line a carried-in balance comes from, where given."""

    page: str | UnsetType = UNSET
    line: str | UnsetType = UNSET


class PostedBalance(msgspec.Struct, frozen=True):
    """A household's balance carried over from paper, posted for the household to compare."""

    spendable: int
    honour: int
    source: PostedSource


class PostedItem(msgspec.Struct, frozen=True, kw_only=True):
    """An award (or a carried-in balance) in publicity, its household's name masked."""

    award_seq: int
    household: str  # its number and the head's masked name: "3-12 王*国"
    rule: str
    # Always sent, null for an award; the default only lets the example leave the null out.
    carried_in: PostedBalance | None = None
    points: int
    occurred_on: datetime.date
    ends_on: datetime.date  # the last day an objection holds it back
    open_objections: int
    staff_household: bool  # a staff member's own household, marked as DESIGN §2 asks


class PublicityBoard(msgspec.Struct, frozen=True):
    """The notice board (公示栏): awards in publicity, ordered as the village numbers its
    households, with the chain's head, so a printed board can be checked against the record."""

    community: str
    head_seq: int
    head_hash: str
    items: list[PostedItem]

    example: ClassVar[dict[str, Any]] = {
        "community": "示范村",
        "head_seq": 2851,
        "head_hash": HEAD_HASH,
        "items": [
            {
                "award_seq": 2802,
                "household": "3-12 王*国",
                "rule": "R15 子女考上大学",
                "points": 50,
                "occurred_on": "2026-11-20",
                "ends_on": "2026-11-27",
                "open_objections": 1,
                "staff_household": False,
            },
            {
                "award_seq": 2641,
                "household": "3-17 李*英",
                "rule": "期初结转：可用 120 分，荣誉 80 分（账本第 3 页第 12 行）",
                "carried_in": {"spendable": 120, "honour": 80, "source": {"page": "3", "line": "12"}},
                "points": 120,
                "occurred_on": "2026-11-05",
                "ends_on": "2026-11-12",
                "open_objections": 0,
                "staff_household": False,
            },
        ],
    }


class BoardEntry(msgspec.Struct, frozen=True):
    """A household's place on a monthly list, its name masked."""

    rank: int
    household: str
    points: int
    times: int


class MonthlyBoard(msgspec.Struct, frozen=True):
    """A month's red list (most points earned) or black list (deductions), shown until
    `shown_until`, with the chain's head."""

    community: str
    title: str = msgspec.field(name="list")  # 红榜 red or 黑榜 black
    month: str
    shown_until: datetime.date
    entries: list[BoardEntry]
    head_seq: int
    head_hash: str

    example: ClassVar[dict[str, Any]] = {
        "community": "示范村",
        "list": "红榜 red",
        "month": "2026-10",
        "shown_until": "2026-11-30",
        "entries": [
            {"rank": 1, "household": "3-12 王*国", "points": 85, "times": 9},
            {"rank": 2, "household": "3-17 李*英", "points": 60, "times": 7},
        ],
        "head_seq": 2851,
        "head_hash": HEAD_HASH,
    }


class ObjectionRecorded(msgspec.Struct, frozen=True):
    """An objection recorded: the award waits for the supervision committee's decision."""

    objection_id: uuid.UUID
    event_seq: int

    example: ClassVar[dict[str, Any]] = {"objection_id": OBJECTION, "event_seq": 2833}


class ObjectionDecided(msgspec.Struct, frozen=True):
    """An objection upheld or dismissed; `award_rejected` when upholding it rejected the award."""

    event_seq: int
    award_rejected: bool

    example: ClassVar[dict[str, Any]] = {"event_seq": 2860, "award_rejected": False}


class OpenObjection(msgspec.Struct, frozen=True):
    """An objection waiting for the supervision committee, with its award's household and points."""

    objection_id: uuid.UUID
    award_seq: int
    reason: str
    via: str  # board, card or staff
    household_number: str
    points: int
    ends_on: datetime.date

    example: ClassVar[dict[str, Any]] = {
        "objection_id": OBJECTION,
        "award_seq": 2802,
        "reason": "这户子女并未考上本科，情况不实",
        "via": "board",
        "household_number": "3-12",
        "points": 50,
        "ends_on": "2026-11-27",
    }


class HeldObjection(msgspec.Struct, frozen=True):
    """One of the open objections holding an award back."""

    objection_id: uuid.UUID
    reason: str
    via: str
    raised_seq: int


class ObjectedAward(msgspec.Struct, frozen=True):
    """An award with open objections: how many hold it, and the first of them."""

    award_seq: int
    household_number: str
    head_name: str
    subject: str  # award or carry_in
    rule_name: str | None  # none for a carried-in balance
    points: int
    ends_on: datetime.date
    in_publicity: bool
    open_objections: int
    objections: list[HeldObjection]

    example: ClassVar[dict[str, Any]] = {
        "award_seq": 2802,
        "household_number": "3-12",
        "head_name": "王建国",
        "subject": "award",
        "rule_name": "子女考上大学",
        "points": 50,
        "ends_on": "2026-11-27",
        "in_publicity": True,
        "open_objections": 2,
        "objections": [
            {
                "objection_id": OBJECTION,
                "reason": "这户子女并未考上本科，情况不实",
                "via": "board",
                "raised_seq": 2833,
            },
            {
                "objection_id": "3b4c5d6e-7f8a-4b9c-8d0e-1f2a3b4c5d6e",
                "reason": "录取通知书是专科",
                "via": "card",
                "raised_seq": 2838,
            },
        ],
    }


class ConcentratedAwards(msgspec.Struct, frozen=True):
    """Someone whose awards went largely to one household."""

    username: str
    number: str
    times: int
    total: int  # awards they gave in all
    share: float


class JustUnderThreshold(msgspec.Struct, frozen=True):
    """Someone's repeated awards a little under the points that need publicity."""

    username: str
    times: int
    lowest: int
    highest: int
    publicity_threshold: int


class StaffHouseholdAward(msgspec.Struct, frozen=True):
    """An award to a staff member's own household."""

    seq: int
    kind: str
    occurred_on: datetime.date
    points: int
    number: str
    staff_member: str
    given_by: str | None


class RepeatedUndoing(msgspec.Struct, frozen=True):
    """Someone who cancelled redemptions or reversed entries many times."""

    username: str
    times: int
    cancellations: int
    reversals: int


class SupervisionFlags(msgspec.Struct, frozen=True):
    """Patterns worth a look since `since`: each names who and what; none of them judges."""

    since: datetime.date
    concentrated_awards: list[ConcentratedAwards]
    just_under_publicity_threshold: list[JustUnderThreshold]
    awards_to_staff_households: list[StaffHouseholdAward]
    cancellations_and_reversals: list[RepeatedUndoing]

    example: ClassVar[dict[str, Any]] = {
        "since": "2026-08-22",
        "concentrated_awards": [
            {"username": "zhang_grid", "number": "3-12", "times": 6, "total": 9, "share": 0.67}
        ],
        "just_under_publicity_threshold": [
            {"username": "zhang_grid", "times": 4, "lowest": 40, "highest": 45, "publicity_threshold": 50}
        ],
        "awards_to_staff_households": [
            {
                "seq": 2790,
                "kind": "award.confirmed",
                "occurred_on": "2026-11-20",
                "points": 5,
                "number": "2-05",
                "staff_member": "liu_counter",
                "given_by": "li_committee",
            }
        ],
        "cancellations_and_reversals": [
            {"username": "liu_counter", "times": 4, "cancellations": 3, "reversals": 1}
        ],
    }
