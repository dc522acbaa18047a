"""Answers about people: households' changes, their roster and cards, a resident's card
page, the staff, the signed-in user and the households linked to them. `Changed` and the
sheet report's `RowProblem` / `RowNote` fit other subjects too: import them from here."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, ClassVar, Literal

import msgspec

from ledger.api.schemas import Balance

COMMUNITY = "2e4f6a8b-1c3d-4e5f-9a7b-c8d9e0f1a2b3"
STAFF_MEMBER = "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5"


class Changed(msgspec.Struct, frozen=True):
    """Whether the change changed anything (false: it was already so, nothing was recorded)."""

    changed: bool

    example: ClassVar[dict[str, Any]] = {"changed": True}


class Revoked(msgspec.Struct, frozen=True):
    """How many of the household's cards stopped working (0 when it had none)."""

    revoked: int

    example: ClassVar[dict[str, Any]] = {"revoked": 1}


class Linked(msgspec.Struct, frozen=True):
    """Whether the link is new (false: it was already declared)."""

    linked: bool

    example: ClassVar[dict[str, Any]] = {"linked": True}


class RowProblem(msgspec.Struct, frozen=True):
    """A row of an imported sheet that cannot be read: its row as the sheet numbers it, column and value."""

    row: int
    column: str
    value: str
    problem: str


class RowNote(msgspec.Struct, frozen=True):
    """A row read otherwise than it is written (it imports): how it was read."""

    row: int
    column: str
    value: str
    note: str


class RosterReport(msgspec.Struct, frozen=True):
    """A roster imported (`applied`) or only checked (?dry_run=true), with what it changes;
    `problems` is empty here (a sheet with problems answers 400 and imports nothing)."""

    rows: int
    applied: bool
    households_registered: int
    households_changed: int
    members_added: int
    members_changed: int
    # the 组 and 网格/楼栋 columns: groups and grids the community did not have, households placed
    groups_created: int
    grids_created: int
    households_moved: int
    problems: list[RowProblem]
    notes: list[RowNote]

    example: ClassVar[dict[str, Any]] = {
        "rows": 86,
        "applied": True,
        "households_registered": 3,
        "households_changed": 1,
        "members_added": 7,
        "members_changed": 2,
        "groups_created": 1,
        "grids_created": 2,
        "households_moved": 9,
        "problems": [],
        "notes": [
            {
                "row": 14,
                "column": "户号",
                "value": "12",
                "note": "户号 12 按 012 读取（表格去掉了前面的 0）",
            }
        ],
    }


class CardHousehold(msgspec.Struct, frozen=True):
    """The household as its card shows it: the head's name masked (王*国)."""

    number: str
    head_name: str


class PeriodRank(msgspec.Struct, frozen=True):
    """The household's place by points earned in a period (confirmed awards minus deductions
    that happened in it, reversed ones not counted): `rank` is one more than the active
    households strictly ahead, so ties share a rank; `households` counts the active ones."""

    period: str  # "2026-11" for a month, "2026" for a year
    rank: int
    households: int
    points: int


class CardRanks(msgspec.Struct, frozen=True):
    """This month's and this year's rank (null for a household no longer active)."""

    month: PeriodRank | None
    year: PeriodRank | None


class PendingAward(msgspec.Struct, frozen=True):
    """An award to the household still in publicity: it counts once `ends_on` passes without objection."""

    award_seq: int
    title: str
    points: int
    ends_on: datetime.date


class ClaimableRule(msgspec.Struct, frozen=True):
    """A red-list rule the committee lets residents claim themselves (村民申报)."""

    rule_id: uuid.UUID
    name: str
    points: int
    needs_evidence: bool  # approved only with a photo


class ClaimOnCard(msgspec.Struct, frozen=True):
    """One of the household's own claims and where it stands: proposed (waiting for the grid's
    scorer or the committee), rejected (with the reason), in_publicity (approved, counting
    once `in_publicity_until` passes), confirmed, or withdrawn (struck off in publicity)."""

    proposal_id: uuid.UUID
    rule_name: str
    points: int
    claimed_on: datetime.date
    state: Literal["proposed", "rejected", "in_publicity", "confirmed", "withdrawn"]
    has_photo: bool
    in_publicity_until: datetime.date | None = None
    reason: str | None = None  # why it was rejected


class HistoryEntry(msgspec.Struct, frozen=True):
    """One entry of the household's history, in words (`title`) and points."""

    seq: int
    kind: str
    occurred_on: datetime.date
    spendable_delta: int
    pending_delta: int
    honour_delta: int
    label: str
    title: str


class CardView(msgspec.Struct, frozen=True):
    """What a resident sees by scanning their card: their own household's balance, stars,
    awards in publicity and recent history, and nothing of anyone else."""

    community: str
    community_id: uuid.UUID
    household: CardHousehold
    balance: Balance
    star_rating: int
    pending_in_publicity: list[PendingAward]
    history: list[HistoryEntry]
    # Only where the community publishes its black list (a rank counts deductions); else null.
    rank: CardRanks | None = None
    # Residents' own claims (村民申报): what may be claimed, how many more today, the latest.
    claimable_rules: list[ClaimableRule] = []
    claims_left_today: int = 0
    claims: list[ClaimOnCard] = []

    example: ClassVar[dict[str, Any]] = {
        "community": "青山村",
        "community_id": COMMUNITY,
        "household": {"number": "3-12", "head_name": "王*国"},
        "balance": {"spendable": 118, "pending": 15, "honour": 40},
        "star_rating": 2,
        "rank": {
            "month": {"period": "2026-11", "rank": 3, "households": 120, "points": 25},
            "year": {"period": "2026", "rank": 11, "households": 120, "points": 118},
        },
        "pending_in_publicity": [
            {"award_seq": 2830, "title": "参加村道清扫", "points": 5, "ends_on": "2026-11-27"}
        ],
        "claimable_rules": [
            {
                "rule_id": "3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d",
                "name": "参加环境卫生清扫",
                "points": 5,
                "needs_evidence": False,
            }
        ],
        "claims_left_today": 2,
        "claims": [
            {
                "proposal_id": "4b5c6d7e-8f9a-4b0c-9d1e-2f3a4b5c6d7e",
                "rule_name": "参加环境卫生清扫",
                "points": 5,
                "claimed_on": "2026-11-20",
                "state": "in_publicity",
                "in_publicity_until": "2026-11-27",
                "has_photo": True,
            }
        ],
        "history": [
            {
                "seq": 2841,
                "kind": "redemption.made",
                "occurred_on": "2026-11-20",
                "spendable_delta": -21,
                "pending_delta": 0,
                "honour_delta": 0,
                "label": "兑换",
                "title": "兑换 3 件，\u221221 分",
            }
        ],
    }


class StaffMember(msgspec.Struct, frozen=True):
    """A staff account with its roles in this community (`disabled`: it can no longer log in)."""

    id: uuid.UUID
    username: str
    display_name: str
    disabled: bool
    roles: list[str]

    example: ClassVar[dict[str, Any]] = {
        "id": STAFF_MEMBER,
        "username": "liu_counter",
        "display_name": "刘桂芳",
        "disabled": False,
        "roles": ["counter"],
    }


class ServedCommunity(msgspec.Struct, frozen=True):
    """A community the signed-in user serves or oversees, and their roles in it."""

    id: uuid.UUID
    name: str
    roles: list[str]


class Me(msgspec.Struct, frozen=True):
    """The signed-in user and the communities they serve or oversee, by name."""

    user_id: uuid.UUID
    username: str
    communities: list[ServedCommunity]

    example: ClassVar[dict[str, Any]] = {
        "user_id": STAFF_MEMBER,
        "username": "liu_counter",
        "communities": [{"id": COMMUNITY, "name": "青山村", "roles": ["committee", "counter"]}],
    }
