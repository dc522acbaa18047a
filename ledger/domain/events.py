"""Event kinds and the shape of a recorded event.

Kinds are `noun.past_participle`. Old events must always decode, so a kind is never
renamed and a body field never changes type; new fields get defaults.
"""

from __future__ import annotations

import datetime
import uuid

import msgspec

COMMUNITY_CREATED = "community.created"
HOUSEHOLD_REGISTERED = "household.registered"
HOUSEHOLD_CHANGED = "household.changed"
MEMBER_ADDED = "member.added"
MEMBER_CHANGED = "member.changed"
STAFF_GRANTED = "staff.granted"
STAFF_REVOKED = "staff.revoked"
STAFF_LINKED = "staff.linked"
CARD_ISSUED = "card.issued"
CARD_REVOKED = "card.revoked"
RULE_DEFINED = "rule.defined"
RULE_CHANGED = "rule.changed"
RULE_RETIRED = "rule.retired"
AWARD_CONFIRMED = "award.confirmed"
AWARD_PROPOSED = "award.proposed"
# A resident's own claim from the card page (村民申报): a proposal the household made.
AWARD_CLAIMED = "award.claimed"
AWARD_APPROVED = "award.approved"
AWARD_REJECTED = "award.rejected"
EVIDENCE_ADDED = "evidence.added"
PUBLICITY_STARTED = "publicity.started"
SETTLEMENT_EXPIRED = "settlement.expired"
SETTLEMENT_DONE = "settlement.done"
HONOUR_GRANTED = "honour.granted"
OBJECTION_RAISED = "objection.raised"
OBJECTION_UPHELD = "objection.upheld"
OBJECTION_DISMISSED = "objection.dismissed"
DEDUCTION_RECORDED = "deduction.recorded"
GOODS_LISTED = "goods.listed"
STOCK_RECEIVED = "stock.received"
STOCK_WRITTEN_OFF = "stock.written_off"
STOCK_COUNTED = "stock.counted"
GOODS_CHANGED = "goods.changed"
FUND_CONTRIBUTED = "fund.contributed"
FUND_SPENT = "fund.spent"
# The fund under 四议两公开: a meeting's resolution approving one expenditure, recorded
# before it is paid, and the expenditure's receipt photo, posted with it on the board.
FUND_RESOLVED = "fund.resolved"
FUND_RECEIPT_ADDED = "fund.receipt_added"
# A resolution recorded in error, withdrawn before any expenditure used it: it approves
# nothing from then on, and its event stays on the chain.
FUND_RESOLUTION_WITHDRAWN = "fund.resolution_withdrawn"
REDEMPTION_MADE = "redemption.made"
REVERSAL_RECORDED = "reversal.recorded"
REDEMPTION_CANCELLED = "redemption.cancelled"
POLICY_CHANGED = "community.policy_changed"
PIN_SET = "pin.set"
PIN_UNLOCKED = "pin.unlocked"
# Carry-over from paper (期初结转): a sheet proposed and decided, each household's balance
# posted on the board and then carried in, and the fund's opening balance.
CARRY_OVER_PROPOSED = "carry_over.proposed"
CARRY_OVER_APPROVED = "carry_over.approved"
CARRY_OVER_REJECTED = "carry_over.rejected"
CARRY_IN_POSTED = "carry_in.posted"
CARRY_IN_CONFIRMED = "carry_in.confirmed"
FUND_CARRIED_IN = "fund.carried_in"
# Groups and grids (村民小组, 网格 / 楼栋), where each household belongs, and the grids each
# scorer looks after (schema/0023_groups_and_grids.sql).
GROUP_CREATED = "group.created"
GROUP_RENAMED = "group.renamed"
GROUP_RETIRED = "group.retired"
HOUSEHOLD_MOVED = "household.moved"
GRID_ASSIGNED = "grid.assigned"
GRID_UNASSIGNED = "grid.unassigned"

GENESIS_HASH = bytes(32)


class Event(msgspec.Struct, frozen=True, kw_only=True):
    community_id: uuid.UUID
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
    body: dict
    idempotency_key: str | None
    request_digest: bytes | None
    canonical: bytes
    previous_hash: bytes
    hash: bytes


class EventEffect(msgspec.Struct, frozen=True, array_like=True):
    """What the fold into the projections reads of an event (domain/projection.py): its
    effect, without the chain's fields, so a replay of a long log reads and builds less."""

    seq: int
    kind: str
    occurred_on: datetime.date
    household_id: str | None  # as text: the projections key households so
    spendable_delta: int
    pending_delta: int
    honour_delta: int
    money_delta_fen: int
    body: dict
