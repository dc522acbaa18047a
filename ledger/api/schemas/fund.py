"""Answers about the fund under 四议两公开: a resolution recorded, a receipt added, and what the
board posts — each resolution (决议公开) with, once paid, its result (实施结果公开). Money in fen."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, ClassVar, Literal

import msgspec

RESOLUTION = "9b2f6c1e-3d4a-4e5b-8c7d-2a1b0c9d8e7f"


class ResolutionRecorded(msgspec.Struct, frozen=True):
    """A meeting's resolution on the chain: name it as the expenditure's `resolution_id`."""

    resolution_id: uuid.UUID
    event_seq: int

    example: ClassVar[dict[str, Any]] = {"resolution_id": RESOLUTION, "event_seq": 2860}


class ResolutionWithdrawn(msgspec.Struct, frozen=True):
    """A resolution withdrawn: no expenditure may name it any more; the board no longer posts it."""

    resolution_id: uuid.UUID
    event_seq: int

    example: ClassVar[dict[str, Any]] = {"resolution_id": RESOLUTION, "event_seq": 2861}


class ReceiptAdded(msgspec.Struct, frozen=True):
    """The receipt photo of an expenditure under a resolution, its hash on the chain."""

    event_seq: int
    resolution_id: uuid.UUID

    example: ClassVar[dict[str, Any]] = {"event_seq": 2862, "resolution_id": RESOLUTION}


class ResolutionResult(msgspec.Struct, frozen=True):
    """What was paid under a resolution (实施结果); the receipt photo is at
    /api/v1/boards/{community_id}/fund/receipts/{expenditure_seq} when `has_receipt`."""

    expenditure_seq: int
    occurred_on: datetime.date
    payee: str
    amount_fen: int
    has_receipt: bool


class PostedResolution(msgspec.Struct, frozen=True):
    """A meeting's resolution as the board posts it (决议公开); `expenditure` once it is paid."""

    resolution_id: uuid.UUID
    resolved_seq: int
    meeting: Literal["villager_representatives", "villagers"]
    meeting_on: datetime.date
    purpose: str
    amount_fen: int  # the most it approves
    entitled: int
    attended: int
    voted_for: int
    expenditure: ResolutionResult | None


class FundPublicity(msgspec.Struct, frozen=True):
    """The fund's resolutions on the board: those still to be paid and those decided or paid
    within the community's listing days, newest first. Above `threshold_fen` (0: the rule is
    off) an expenditure is paid only under one."""

    threshold_fen: int
    resolutions: list[PostedResolution]

    example: ClassVar[dict[str, Any]] = {
        "threshold_fen": 500000,
        "resolutions": [
            {
                "resolution_id": RESOLUTION,
                "resolved_seq": 2860,
                "meeting": "villager_representatives",
                "meeting_on": "2026-11-20",
                "purpose": "修缮村道路灯",
                "amount_fen": 800000,
                "entitled": 30,
                "attended": 24,
                "voted_for": 21,
                "expenditure": {
                    "expenditure_seq": 2861,
                    "occurred_on": "2026-11-25",
                    "payee": "镇电器维修部",
                    "amount_fen": 760000,
                    "has_receipt": True,
                },
            }
        ],
    }
