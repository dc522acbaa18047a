"""Answers about what one person proposes and another decides: proposals of awards and
their decisions, the year-end settlement, honours, and the carry-over from paper (期初结转).

A key that only some answers carry (an approval's award, a fund's amount) defaults to
UNSET: msgspec leaves it out, where a null would be sent."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, ClassVar

import msgspec
from msgspec import UNSET, UnsetType

from ledger.api.examples import HOUSEHOLD, RULE
from ledger.api.schemas.commands import AwardRecorded
from ledger.api.schemas.people import STAFF_MEMBER, RowNote, RowProblem

BATCH = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"
PROPOSAL = "4b5c6d7e-8f9a-4b0c-9d1e-2f3a4b5c6d7e"
NEIGHBOUR = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d"
CARRY_OVER = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b"


class Proposed(msgspec.Struct, frozen=True):
    """A batch proposed: one proposal per household, in the order the households were sent."""

    batch_id: uuid.UUID
    proposal_ids: list[uuid.UUID]

    example: ClassVar[dict[str, Any]] = {
        "batch_id": BATCH,
        "proposal_ids": [PROPOSAL, "6d7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f9a"],
    }


class Proposal(msgspec.Struct, frozen=True):
    """A proposal with its household, rule and proposer, and whether its photo is there."""

    proposal_id: uuid.UUID
    batch_id: uuid.UUID
    household_id: uuid.UUID
    number: str
    rule_id: uuid.UUID
    rule_code: str
    rule_name: str
    points: int
    member: str | None
    note: str | None
    status: str
    proposer: str | None
    proposed_seq: int
    occurred_on: datetime.date | None
    needs_evidence: bool
    has_evidence: bool

    example: ClassVar[dict[str, Any]] = {
        "proposal_id": PROPOSAL,
        "batch_id": BATCH,
        "household_id": HOUSEHOLD,
        "number": "3-12",
        "rule_id": RULE,
        "rule_code": "R01",
        "rule_name": "参加村道清扫",
        "points": 5,
        "member": "王小明",
        "note": "11月20日环境整治",
        "status": "proposed",
        "proposer": "zhang_grid",
        "proposed_seq": 2790,
        "occurred_on": "2026-11-20",
        "needs_evidence": False,
        "has_evidence": True,
    }


class ProposalDecision(msgspec.Struct, frozen=True):
    """One proposal decided; an approved one names its award and the points it was made at."""

    proposal_id: uuid.UUID
    decision_seq: int
    award_seq: int | UnsetType = UNSET
    points: int | UnsetType = UNSET


class ProposalDecisions(msgspec.Struct, frozen=True):
    """The proposals decided, all or none: under `approved` or under `rejected`, as decided."""

    approved: list[ProposalDecision] | UnsetType = UNSET
    rejected: list[ProposalDecision] | UnsetType = UNSET

    example: ClassVar[dict[str, Any]] = {
        "approved": [
            {"proposal_id": PROPOSAL, "decision_seq": 2801, "award_seq": 2802, "points": 5},
        ]
    }


class Settlement(msgspec.Struct, frozen=True):
    """A year settled by the policy of the day; `replayed` when the year was settled before."""

    year: int
    event_seq: int
    policy: str
    households: int
    points_expired: int
    replayed: bool

    example: ClassVar[dict[str, Any]] = {
        "year": 2025,
        "event_seq": 3120,
        "policy": "expire",
        "households": 46,
        "points_expired": 2318,
        "replayed": False,
    }


class HonourGranted(msgspec.Struct, frozen=True):
    """An honour recorded, and its bonus award (in publicity where the community has publicity)."""

    honour_seq: int
    award: AwardRecorded

    example: ClassVar[dict[str, Any]] = {
        "honour_seq": 2850,
        "award": {
            "event_seq": 2851,
            "kind": "publicity.started",
            "household_id": HOUSEHOLD,
            "recorded_at": "2026-12-28T02:10:33.518204Z",
            "occurred_on": "2026-12-28",
            "rule_id": "8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f",
            "rule_code": "HONOUR-FAMILY",
            "rule_name": "文明家庭",
            "points": 50,
            "member": "王建国",
            "note": "文明家庭 2026",
            "ends_on": "2027-01-04",
        },
    }


# Carry-over from paper: a committee member proposes, another (or the supervision committee) decides.


class SheetReport(msgspec.Struct, frozen=True, kw_only=True):
    """A sheet of households' balances checked row by row (?check_only=true), or proposed:
    then with its `carry_over_id`. `problems` is empty here (a sheet with problems answers
    400 and proposes nothing)."""

    rows: int
    proposed: bool
    # Always sent, null until proposed; the defaults only let the document's example leave
    # the nulls out (it cannot show one).
    carry_over_id: uuid.UUID | None = None
    proposed_seq: int | None = None
    households: int
    spendable: int
    honour: int
    staff_households: list[str]  # their approval is the supervision committee's
    problems: list[RowProblem]
    notes: list[RowNote]

    example: ClassVar[dict[str, Any]] = {
        "rows": 86,
        "proposed": False,
        "households": 86,
        "spendable": 10342,
        "honour": 4120,
        "staff_households": ["3-12"],
        "problems": [],
        "notes": [
            {"row": 14, "column": "户号", "value": "7", "note": "户号 7 按 007 读取（表格去掉了前面的 0）"}
        ],
    }
    # The 201 answer's (a sheet proposed); `example` is the 200 answer's (checked only).
    proposed_example: ClassVar = {
        **example,
        "proposed": True,
        "carry_over_id": CARRY_OVER,
        "proposed_seq": 2610,
    }


class FundOpeningProposed(msgspec.Struct, frozen=True):
    """The happiness fund's opening balance proposed, waiting for another's approval."""

    carry_over_id: uuid.UUID
    proposed_seq: int
    amount_fen: int

    example: ClassVar[dict[str, Any]] = {
        "carry_over_id": CARRY_OVER,
        "proposed_seq": 2611,
        "amount_fen": 1_234_560,
    }


class CarryOver(msgspec.Struct, frozen=True):
    """A carry-over with its proposer and decision; a sheet's with its totals by the state
    of its lines, the fund's with its amount and reference."""

    carry_over_id: uuid.UUID
    subject: str  # households or fund
    status: str
    proposer: str | None
    proposer_id: uuid.UUID
    proposed_seq: int
    proposed_at: str  # written "…+00:00"; msgspec would write a datetime with "Z"
    decider: str | None
    decided_seq: int | None
    reason: str | None
    # A sheet's (subject households):
    file_name: str | None | UnsetType = UNSET
    households: int | UnsetType = UNSET
    spendable: int | UnsetType = UNSET
    honour: int | UnsetType = UNSET
    in_publicity: int | UnsetType = UNSET
    confirmed: int | UnsetType = UNSET
    rejected: int | UnsetType = UNSET
    # The fund's (subject fund):
    amount_fen: int | UnsetType = UNSET
    reference: str | UnsetType = UNSET

    example: ClassVar[dict[str, Any]] = {
        "carry_over_id": CARRY_OVER,
        "subject": "households",
        "status": "approved",
        "proposer": "li_committee",
        "proposer_id": STAFF_MEMBER,
        "proposed_seq": 2610,
        "proposed_at": "2026-11-02T03:12:45.204311+00:00",
        "decider": "zhao_supervisor",
        "decided_seq": 2640,
        "reason": "已核对纸质台账",
        "file_name": "2023年积分台账.xlsx",
        "households": 86,
        "spendable": 10342,
        "honour": 4120,
        "in_publicity": 0,
        "confirmed": 85,
        "rejected": 1,
    }


class LineSource(msgspec.Struct, frozen=True):
    """Where a line's figures come from: the passbook's page and line, or words; only what was given."""

    page: str | UnsetType = UNSET
    line: str | UnsetType = UNSET
    text: str | UnsetType = UNSET


class CarryOverLine(msgspec.Struct, frozen=True):
    """A household's line of a sheet: its figures, their source and where the line stands."""

    household_id: uuid.UUID
    number: str
    row: int  # as the sheet numbers it
    spendable: int
    honour: int
    source: LineSource
    status: str  # proposed, publicity, confirmed or rejected
    posted_seq: int | None
    carried_seq: int | None

    example: ClassVar[dict[str, Any]] = {
        "household_id": HOUSEHOLD,
        "number": "3-12",
        "row": 14,
        "spendable": 120,
        "honour": 80,
        "source": {"page": "3", "line": "12"},
        "status": "confirmed",
        "posted_seq": 2641,
        "carried_seq": 2712,
    }


class CarryOverDecided(msgspec.Struct, frozen=True, kw_only=True):
    """A carry-over approved or rejected; an approved sheet says how many households went on
    the board (`in_publicity`), an approved fund opening its fund event."""

    carry_over_id: uuid.UUID
    decision_seq: int
    households: int | UnsetType = UNSET
    in_publicity: int | UnsetType = UNSET
    fund_seq: int | UnsetType = UNSET
    status: str  # approved or rejected

    example: ClassVar[dict[str, Any]] = {
        "carry_over_id": CARRY_OVER,
        "decision_seq": 2640,
        "households": 86,
        "in_publicity": 86,
        "status": "approved",
    }


class ClaimMade(msgspec.Struct, frozen=True):
    """A resident's claim recorded: it waits for the grid's scorer or the committee."""

    proposal_id: uuid.UUID
    claimed_seq: int
    points: int
    claims_left_today: int

    example: ClassVar[dict[str, Any]] = {
        "proposal_id": PROPOSAL,
        "claimed_seq": 2852,
        "points": 5,
        "claims_left_today": 2,
    }


class OpenClaim(msgspec.Struct, frozen=True):
    """A claim waiting for a decision, as its decider sees it: the household (its head's name
    in full, for staff), the rule, what the resident wrote, the grid, whether a photo came."""

    proposal_id: uuid.UUID
    household_id: uuid.UUID
    number: str
    head_name: str
    rule_name: str
    points: int
    needs_evidence: bool
    note: str | None
    occurred_on: datetime.date | None
    claimed_on: datetime.date
    has_evidence: bool
    grid_name: str | None

    example: ClassVar[dict[str, Any]] = {
        "proposal_id": PROPOSAL,
        "household_id": HOUSEHOLD,
        "number": "3-12",
        "head_name": "王建国",
        "rule_name": "参加环境卫生清扫",
        "points": 5,
        "needs_evidence": False,
        "note": "打扫了村口到祠堂的巷子",
        "occurred_on": "2026-11-20",
        "claimed_on": "2026-11-20",
        "has_evidence": True,
        "grid_name": "第一网格",
    }
