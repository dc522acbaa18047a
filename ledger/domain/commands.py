"""Commands as they arrive at the edge, with their bounds in the types (msgspec Meta).

The request digest is what makes idempotency exact: the same key with the same command
replays the first answer; the same key with any other command is refused.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Iterable
from typing import Annotated, Literal

import msgspec

from ledger import limits
from ledger.domain.errors import Refused

Quantity = Annotated[int, msgspec.Meta(ge=1, le=limits.QUANTITY_PER_LINE_MAX)]
Note = Annotated[str, msgspec.Meta(max_length=limits.NOTE_LENGTH_MAX)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=limits.NAME_LENGTH_MAX)]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=limits.TITLE_LENGTH_MAX)]
Code = Annotated[
    str, msgspec.Meta(min_length=1, max_length=limits.CODE_LENGTH_MAX, pattern=r"^[A-Za-z0-9_.-]+$")
]
Seq = Annotated[int, msgspec.Meta(ge=1, le=limits.SEQ_MAX)]


class CartLine(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    goods_id: uuid.UUID
    quantity: Quantity


class Redeem(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    household_id: uuid.UUID
    lines: Annotated[list[CartLine], msgspec.Meta(min_length=1, max_length=limits.CART_LINES_MAX)]


Pin = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{4}$")]


class RedeemByCard(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A redemption at the counter: the card as scanned (or its short code), the PIN where the
    community's policy asks for one, and the cart."""

    card: Annotated[str, msgspec.Meta(min_length=1, max_length=limits.CARD_TEXT_MAX)]
    lines: Annotated[list[CartLine], msgspec.Meta(min_length=1, max_length=limits.CART_LINES_MAX)]
    pin: Pin | None = None


class CancelRedemption(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(min_length=2, max_length=limits.NOTE_LENGTH_MAX)]


class SetPin(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    pin: Pin


class ChangePolicy(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    counter_pin_required: bool | None = None
    redemption_window: Literal["open", "closed", "monthly_day"] | None = None
    redemption_day: Annotated[int, msgspec.Meta(ge=1, le=28)] | None = None
    deduction_may_overdraw: bool | None = None
    fund_points_per_100_yuan: Annotated[int, msgspec.Meta(ge=0, le=1000)] | None = None
    star_thresholds: (
        Annotated[
            list[Annotated[int, msgspec.Meta(ge=0, le=10_000_000)]], msgspec.Meta(min_length=1, max_length=5)
        ]
        | None
    ) = None
    publicity_days: Annotated[int, msgspec.Meta(ge=0, le=30)] | None = None
    publicity_threshold: Annotated[int, msgspec.Meta(ge=0, le=limits.POINTS_PER_EVENT_MAX)] | None = None
    year_end: Literal["carry_over", "expire"] | None = None
    red_board_size: Annotated[int, msgspec.Meta(ge=1, le=100)] | None = None
    black_board_public: bool | None = None
    board_listing_days: Annotated[int, msgspec.Meta(ge=1, le=366)] | None = None
    # Points a household may earn in a calendar year; 0: no cap.
    yearly_points_cap: Annotated[int, msgspec.Meta(ge=0, le=10_000_000)] | None = None
    # False: every award and deduction goes through a proposal that someone else decides.
    direct_awards: bool | None = None
    # Above this many fen an expenditure needs its meeting's resolution first (四议两公开); 0: off.
    fund_resolution_threshold_fen: (
        Annotated[int, msgspec.Meta(ge=0, le=limits.FUND_AMOUNT_FEN_MAX)] | None
    ) = None
    # Residents' own claims (村民申报): at most so many a card a day, and of one rule a day.
    claims_per_day_max: Annotated[int, msgspec.Meta(ge=1, le=20)] | None = None
    claims_per_rule_per_day_max: Annotated[int, msgspec.Meta(ge=1, le=20)] | None = None


class Award(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    household_id: uuid.UUID
    rule_id: uuid.UUID
    member: Annotated[str, msgspec.Meta(max_length=limits.NAME_LENGTH_MAX)] | None = None
    note: Note | None = None
    occurred_on: datetime.date | None = None


class Objection(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    award_seq: Seq
    reason: Annotated[str, msgspec.Meta(min_length=2, max_length=limits.NOTE_LENGTH_MAX)]


class ObjectionDecision(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    uphold: bool
    reason: Annotated[str, msgspec.Meta(min_length=2, max_length=limits.NOTE_LENGTH_MAX)]


class GrantHonour(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    household_id: uuid.UUID
    title: Literal["文明家庭", "道德模范"]
    year: Annotated[int, msgspec.Meta(ge=2000, le=2100)]
    note: Note | None = None


class Settle(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    year: Annotated[int, msgspec.Meta(ge=2000, le=2100)]


class Propose(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An award or deduction proposed for one household or a batch after an event."""

    rule_id: uuid.UUID
    household_ids: Annotated[
        list[uuid.UUID], msgspec.Meta(min_length=1, max_length=limits.BATCH_HOUSEHOLDS_MAX)
    ]
    member: Annotated[str, msgspec.Meta(max_length=limits.NAME_LENGTH_MAX)] | None = None
    note: Note | None = None
    occurred_on: datetime.date | None = None


class Claim(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A resident's own claim from their card (村民申报): a claimable rule, what they did, and
    the day (today unless said)."""

    rule_id: uuid.UUID
    note: Note | None = None
    occurred_on: datetime.date | None = None


class Decide(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    approve: bool
    reason: Note | None = None


class Reverse(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    event_seq: Seq
    reason: Annotated[str, msgspec.Meta(min_length=2, max_length=limits.NOTE_LENGTH_MAX)]


class ReceiveStock(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    goods_id: uuid.UUID
    quantity: Annotated[int, msgspec.Meta(ge=1, le=limits.STOCK_RECEIPT_QUANTITY_MAX)]
    note: Note | None = None
    # Bought with fund money (name the fund expenditure) or donated in kind (name the donor).
    source: Literal["purchase", "donation", "transfer"] = "purchase"
    donor: Annotated[str, msgspec.Meta(min_length=1, max_length=limits.TITLE_LENGTH_MAX)] | None = None
    fund_expenditure_seq: Seq | None = None


class ChangeGoods(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    points: Annotated[int, msgspec.Meta(ge=1, le=limits.GOODS_POINTS_MAX)] | None = None
    name: Title | None = None
    low_stock_threshold: Annotated[int, msgspec.Meta(ge=0, le=limits.STOCK_RECEIPT_QUANTITY_MAX)] | None = (
        None
    )
    status: Literal["active", "retired"] | None = None


class WriteOffStock(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    goods_id: uuid.UUID
    quantity: Annotated[int, msgspec.Meta(ge=1, le=limits.STOCK_RECEIPT_QUANTITY_MAX)]
    reason: Annotated[str, msgspec.Meta(min_length=2, max_length=limits.NOTE_LENGTH_MAX)]


class CountStock(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    goods_id: uuid.UUID
    counted: Annotated[int, msgspec.Meta(ge=0, le=limits.STOCK_COUNT_MAX)]
    note: Note | None = None


AmountFen = Annotated[int, msgspec.Meta(ge=1, le=limits.FUND_AMOUNT_FEN_MAX)]


class Contribution(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    source: Literal["household", "individual", "enterprise", "government", "anonymous"]
    amount_fen: AmountFen
    method: Literal["cash", "transfer"]
    household_id: uuid.UUID | None = None  # required when the source is a household
    donor: Annotated[str, msgspec.Meta(min_length=1, max_length=limits.TITLE_LENGTH_MAX)] | None = None
    note: Note | None = None
    occurred_on: datetime.date | None = None


class Expenditure(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    amount_fen: AmountFen
    purpose: Annotated[str, msgspec.Meta(min_length=2, max_length=limits.TITLE_LENGTH_MAX)]
    payee: Annotated[str, msgspec.Meta(min_length=1, max_length=limits.TITLE_LENGTH_MAX)]
    note: Note | None = None
    occurred_on: datetime.date | None = None
    # The recorded, unused resolution that approved it: required above the community's
    # fund_resolution_threshold_fen (四议两公开); a resolution named below it is used too.
    resolution_id: uuid.UUID | None = None


Headcount = Annotated[int, msgspec.Meta(ge=0, le=limits.MEETING_HEADCOUNT_MAX)]


class FundResolution(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The resolution (决议) of the meeting that approved one expenditure from the fund: which
    meeting, when, for what and up to how much, and its count — how many may take part
    (应到), attended (实到) and voted for (同意). ledger/domain/resolutions.py checks the count."""

    meeting: Literal["villager_representatives", "villagers"]
    meeting_on: datetime.date
    purpose: Annotated[str, msgspec.Meta(min_length=2, max_length=limits.TITLE_LENGTH_MAX)]
    amount_fen: AmountFen
    entitled: Annotated[int, msgspec.Meta(ge=1, le=limits.MEETING_HEADCOUNT_MAX)]
    attended: Headcount
    voted_for: Headcount
    note: Note | None = None


class WithdrawResolution(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A resolution recorded in error (a wrong amount, the wrong meeting), withdrawn before any
    expenditure used it; the reason is on the chain beside it."""

    reason: Annotated[str, msgspec.Meta(min_length=2, max_length=limits.NOTE_LENGTH_MAX)]


class RegisterHousehold(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    number: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    head_name: Name


Relation = Literal["head", "spouse", "child", "parent", "grandchild", "sibling", "other"]
Phone = Annotated[str, msgspec.Meta(pattern=r"^[0-9+ -]{5,20}$")]
# Never a full ID-card number: the last four characters at most (DESIGN, personal data).
IdCardLast4 = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{3}[0-9X]$")]


class ChangeHousehold(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    number: Annotated[str, msgspec.Meta(min_length=1, max_length=40)] | None = None
    head_name: Name | None = None
    status: Literal["active", "moved_out", "closed"] | None = None
    reason: Note | None = None


class AddMember(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Name
    relation: Relation
    phone: Phone | None = None
    id_card_last4: IdCardLast4 | None = None


class ChangeMember(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Name | None = None
    relation: Relation | None = None
    phone: Phone | None = None
    id_card_last4: IdCardLast4 | None = None
    status: Literal["active", "left"] | None = None


# At least one character that is not a space: the name is kept without the spaces around it.
GroupName = Annotated[str, msgspec.Meta(min_length=1, max_length=limits.GROUP_NAME_LENGTH_MAX, pattern=r"\S")]


class CreateGroup(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A villager group (组), or a grid / building (网格, 楼栋), optionally within a group."""

    kind: Literal["group", "grid"]
    name: GroupName
    parent_id: uuid.UUID | None = None


class ChangeGroup(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Rename, or retire (an empty group or grid)."""

    name: GroupName | None = None
    status: Literal["retired"] | None = None


class MoveHousehold(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    household_id: uuid.UUID
    group_id: uuid.UUID
    grid_id: uuid.UUID | None = None


class AssignGrid(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The scorer (a staff member with the scorer role) who is to look after the grid."""

    user_id: uuid.UUID


class CardLookup(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What the counter has: a scanned card URL or token, or a short code typed by hand."""

    card: Annotated[str, msgspec.Meta(min_length=1, max_length=limits.CARD_TEXT_MAX)]


class CardSheet(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    household_ids: Annotated[
        list[uuid.UUID], msgspec.Meta(min_length=1, max_length=limits.CARDS_PER_SHEET_REQUEST_MAX)
    ]


class DefineRule(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: Code
    name: Title
    points: Annotated[int, msgspec.Meta(ge=-limits.POINTS_PER_EVENT_MAX, le=limits.POINTS_PER_EVENT_MAX)]
    name_en: Annotated[str, msgspec.Meta(max_length=200)] = ""
    category: Annotated[str, msgspec.Meta(max_length=40)] = ""
    needs_publicity: bool = False
    needs_evidence: bool = False
    # Residents may claim it themselves from the card page (村民申报); an award rule only.
    claimable: bool = False


class ChangeRule(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A change never rewrites past awards: each award carries the points it was given at."""

    name: Title | None = None
    name_en: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    category: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    points: (
        Annotated[int, msgspec.Meta(ge=-limits.POINTS_PER_EVENT_MAX, le=limits.POINTS_PER_EVENT_MAX)] | None
    ) = None
    needs_publicity: bool | None = None
    needs_evidence: bool | None = None
    claimable: bool | None = None
    status: Literal["active", "retired"] | None = None


class ListGoods(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: Code
    name: Title
    points: Annotated[int, msgspec.Meta(ge=1, le=limits.GOODS_POINTS_MAX)]
    name_en: Annotated[str, msgspec.Meta(max_length=200)] = ""
    category: Annotated[str, msgspec.Meta(max_length=40)] = ""
    unit: Annotated[str, msgspec.Meta(max_length=10)] = ""


def merged_lines(lines: Iterable[CartLine]) -> list[tuple[uuid.UUID, int]]:
    """One line per goods item, sorted by id (the lock order); a scanner that reads the
    same item twice gives one line of the summed quantity."""
    totals: dict[uuid.UUID, int] = {}
    for line in lines:
        totals[line.goods_id] = totals.get(line.goods_id, 0) + line.quantity
    for goods_id, quantity in totals.items():
        if quantity > limits.QUANTITY_PER_LINE_MAX:
            raise Refused(
                "validation_failed",
                "{quantity} of one item in the cart, more than {limit}",
                quantity=quantity,
                limit=limits.QUANTITY_PER_LINE_MAX,
                goods_id=str(goods_id),
            )
    return sorted(totals.items())


_digest_encoder = msgspec.json.Encoder(order="deterministic")


def request_digest(command_name: str, command: msgspec.Struct) -> bytes:
    """SHA-256 of the command's canonical JSON, named so two kinds never collide."""
    return hashlib.sha256(command_name.encode() + b"\0" + _digest_encoder.encode(command)).digest()
