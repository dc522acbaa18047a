"""The plain in-memory model the ledger machine (test_ledger_machine.py) runs beside the real
services: what each household, goods item and the fund should hold, and which refusal each
command should meet, in the order the services ask their rules (DESIGN §2).

Its state depends only on what Hypothesis drew and on the model's own predictions, never on
which of several racing commands won: the machine asserts every outcome before it books it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import ClassVar

from ledger import limits
from ledger.domain import events as kinds

# The staff who act in the machine, one user a role (tests/support.new_village).
LINKABLE_STAFF = ("counter", "scorer", "committee", "supervisor")


@dataclass
class ModelHousehold:
    spendable: int = 0
    honour: int = 0
    pending: int = 0


@dataclass
class ModelPublicity:
    """An award on the board, or a balance carried over from paper: open until it is
    confirmed or an objection is upheld."""

    household: uuid.UUID
    points: int  # what waits as pending (a carry-in: its spendable points)
    status: str = "open"
    objections: dict[uuid.UUID, str] = field(default_factory=dict)  # objection → open/upheld/dismissed
    carried_honour: int | None = None  # a carry-in's honour; None: an award


@dataclass
class ModelEvent:
    """What a reversible event changed, so a reversal can be predicted."""

    kind: str
    household: uuid.UUID
    spendable_delta: int
    honour_delta: int
    stock: dict[uuid.UUID, int] = field(default_factory=dict)
    last_year: bool = False  # dated in the year before this one


@dataclass
class ModelPin:
    """A household's counter PIN: its wrong tries since the last right one, and its lock."""

    pin: str
    failures: int = 0
    locked: bool = False


@dataclass
class ModelResolution:
    """A meeting's resolution for the fund (四议两公开): what it approves, the expenditure
    that used it (its seq) once paid, whether that payment's receipt photo is in, and its
    withdrawal, if it was withdrawn unused."""

    amount_fen: int
    used_by: int | None = None
    receipt_added: bool = False
    withdrawn_by: int | None = None  # its withdrawal's seq: recorded in error, it approves nothing


@dataclass
class Answered:
    """A keyed command that took effect, to be replayed or reused with another body."""

    key: str
    call: tuple  # ("award", household, rule) or ("redeem" | "card", household, lines)
    answer: dict
    changes_before: int  # policy and link changes made before it, to tell a replay after one


@dataclass
class Model:
    may_overdraw: bool
    year: int
    households: dict[uuid.UUID, ModelHousehold] = field(default_factory=dict)
    numbers: dict[uuid.UUID, str] = field(default_factory=dict)  # household → its number
    cards: dict[uuid.UUID, str] = field(default_factory=dict)  # household → its card's URL
    rule_points: dict[uuid.UUID, int] = field(default_factory=dict)
    rule_publicity: dict[uuid.UUID, bool] = field(default_factory=dict)
    stock: dict[uuid.UUID, int] = field(default_factory=dict)
    price: dict[uuid.UUID, int] = field(default_factory=dict)
    reversible: dict[int, ModelEvent] = field(default_factory=dict)
    reversed: set[int] = field(default_factory=set)
    reversal_household: dict[int, uuid.UUID] = field(default_factory=dict)  # reversal seq → household
    answered: list[Answered] = field(default_factory=list)
    fund_fen: int = 0
    publicity: dict[int, ModelPublicity] = field(default_factory=dict)
    proposals: dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID]] = field(default_factory=dict)  # open
    yearly_cap: int = 0  # 0: none
    earned: dict[uuid.UUID, int] = field(default_factory=dict)  # this year's points against the cap
    earned_last_year: dict[uuid.UUID, int] = field(default_factory=dict)
    # Spendable points from events dated last year: what settling last year may expire.
    held_from_last_year: dict[uuid.UUID, int] = field(default_factory=dict)
    year_end: str = "carry_over"
    settled: dict | None = None  # last year's settlement, once made
    # Carry-over from paper: each household's carry-in that has not ended without effect
    # (proposed / publicity / confirmed), the open sheets, the fund's opening balance.
    carried: dict[uuid.UUID, str] = field(default_factory=dict)
    open_sheets: dict[uuid.UUID, dict[uuid.UUID, tuple[int, int]]] = field(default_factory=dict)
    fund_opening: str | None = None
    # Objections by their source (("address", a) or ("card", household)): (objection, award).
    objections_by_source: dict[tuple, list[tuple[uuid.UUID, int]]] = field(default_factory=dict)
    direct_awards: bool = True
    pin_required: bool = False
    pins: dict[uuid.UUID, ModelPin] = field(default_factory=dict)
    pins_set: int = 0
    links: dict[tuple[str, uuid.UUID], str] = field(default_factory=dict)  # (staff role, household) → kind
    changes: int = 0  # policy and link changes so far
    # Groups and grids: each group (parent None) and grid (its group, or None); where each
    # placed household is (group, grid); the grids the scorer looks after.
    village_groups: list[uuid.UUID] = field(default_factory=list)
    grids: dict[uuid.UUID, uuid.UUID | None] = field(default_factory=dict)
    places: dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID | None]] = field(default_factory=dict)
    scorer_grids: set[uuid.UUID] = field(default_factory=set)
    # Residents' own claims: the rules open to them, the open claims (household, rule), and
    # the rules each household claimed on the community's today (the machine's day cannot
    # turn: MachineBase keeps it from doing so).
    claimable: set[uuid.UUID] = field(default_factory=set)
    claims: dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID]] = field(default_factory=dict)
    claimed_today: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=dict)
    CLAIMS_PER_DAY: ClassVar[int] = 3  # the community's default limits (schema/0026)
    CLAIMS_PER_RULE_PER_DAY: ClassVar[int] = 1
    # The fund under 四议两公开: the policy's threshold (0: off) and the recorded resolutions.
    fund_threshold_fen: int = 0
    resolutions: dict[uuid.UUID, ModelResolution] = field(default_factory=dict)

    def register(self, household: uuid.UUID, number: str, card_url: str) -> None:
        self.households[household] = ModelHousehold()
        self.numbers[household] = number
        self.cards[household] = card_url
        self.earned[household] = 0
        self.earned_last_year[household] = 0
        self.held_from_last_year[household] = 0

    # ---- fairness (ledger/domain/fairness.py) ----------------------------------------------

    def link(self, role: str, household: uuid.UUID, kind: str) -> bool:
        """The first link of a staff member to a household stands (the key is the pair)."""
        if (role, household) in self.links:
            return False
        self.links[role, household] = kind
        self.changes += 1
        return True

    def linked_to(self, role: str, household: uuid.UUID) -> bool:
        return (role, household) in self.links

    def staff_home(self, household: uuid.UUID) -> bool:
        return any(kind == "own" for (_, linked), kind in self.links.items() if linked == household)

    # ---- expected refusals, in the order the services ask -------------------------------------

    def proposal_refusal(self, household: uuid.UUID) -> str | None:
        """A scorer's proposal (ledger_proposal_refusal): never for a household linked to
        them; with grids assigned, only for the households placed in those grids."""
        if self.linked_to("scorer", household):
            return "conflict_of_interest"
        if self.scorer_grids and self.places.get(household, (None, None))[1] not in self.scorer_grids:
            return "outside_assigned_grid"
        return None

    def move_refusal(self, group: uuid.UUID, grid: uuid.UUID | None) -> str | None:
        """A household placed (ledger/store/groups.py): a grid within a group only with it."""
        if grid is not None and self.grids[grid] not in (None, group):
            return "grid_outside_group"
        return None

    def over_the_cap(self, household: uuid.UUID, points: int, last_year: bool = False) -> bool:
        earned = (self.earned_last_year if last_year else self.earned)[household]
        return self.yearly_cap > 0 and points > 0 and earned + points > self.yearly_cap

    def award_refusal(self, household: uuid.UUID, rule_id: uuid.UUID, last_year: bool = False) -> str | None:
        """A direct award by the committee (services/awards.py)."""
        if not self.direct_awards:
            return "proposal_required"
        if self.linked_to("committee", household):
            return "conflict_of_interest"
        if self.staff_home(household):
            return "needs_supervisor"
        if self.over_the_cap(household, self.rule_points[rule_id], last_year):
            return "yearly_cap_reached"
        return None

    def decision_refusal(self, proposal_id: uuid.UUID, decider: str, approve: bool) -> str | None:
        """A proposal decided: never by its proposer (the scorer), never by someone linked to
        the household; a staff member's own household is the supervision committee's to
        decide, every other the committee's."""
        household, rule_id = self.proposals[proposal_id]
        if decider == "scorer":
            return "own_proposal"
        if self.linked_to(decider, household):
            return "conflict_of_interest"
        if self.staff_home(household) and decider != "supervisor":
            return "needs_supervisor"
        if not self.staff_home(household) and decider != "committee":
            return "forbidden"
        if approve and self.over_the_cap(household, self.rule_points[rule_id]):
            return "yearly_cap_reached"
        return None

    def claim_refusal(self, household: uuid.UUID, rule_id: uuid.UUID) -> str | None:
        """A household's claim (ledger_claim): a rule open to claims, within the day's limits
        per card and per rule (a decided claim still counts)."""
        if rule_id not in self.claimable:
            return "rule_not_claimable"
        today = self.claimed_today.get(household, [])
        if len(today) >= self.CLAIMS_PER_DAY or today.count(rule_id) >= self.CLAIMS_PER_RULE_PER_DAY:
            return "claim_limit_reached"
        return None

    def claim_decision_refusal(self, proposal_id: uuid.UUID, decider: str, approve: bool) -> str | None:
        """A claim decided (ledger_decision_refusal): never by someone linked to the
        household; a staff member's own household by the supervision committee; every other
        by the committee or by the scorer of the household's grid."""
        household, rule_id = self.claims[proposal_id]
        if self.linked_to(decider, household):
            return "conflict_of_interest"
        if self.staff_home(household):
            if decider != "supervisor":
                return "needs_supervisor"
        elif decider != "committee":
            in_the_grid = self.places.get(household, (None, None))[1] in self.scorer_grids
            if decider == "scorer" and self.scorer_grids and not in_the_grid:
                return "outside_assigned_grid"
            if not (decider == "scorer" and in_the_grid):
                return "forbidden"
        if approve and self.over_the_cap(household, self.rule_points[rule_id]):
            return "yearly_cap_reached"
        return None

    def reversal_refusal(self, seq: int) -> str | None:
        """A reversal by the supervision committee (services/reversals.py, then the store)."""
        household = self.reversal_household.get(seq) or self.reversible[seq].household
        if self.linked_to("supervisor", household):
            return "conflict_of_interest"
        if seq in self.reversal_household:
            return "not_reversible"
        if seq in self.reversed:
            return "already_reversed"
        target = self.reversible[seq]
        if self.households[household].spendable - target.spendable_delta < 0 and not self.may_overdraw:
            return "insufficient_points"
        return None

    def cancellation_refusal(self, seq: int) -> str | None:
        """The counter's same-day cancellation of its own sale (services/counter.cancel)."""
        target = self.reversible.get(seq)
        if target is None or target.kind != kinds.REDEMPTION_MADE:
            return "not_found"
        return "already_reversed" if seq in self.reversed else None

    def cart_refusal(self, household: uuid.UUID, lines: list[tuple[uuid.UUID, int]]) -> str | None:
        """A cart at the counter (ledger_redeem_after): fairness, then stock in lock order,
        then points."""
        if self.linked_to("counter", household):
            return "conflict_of_interest"
        for goods_id, quantity in lines:
            if self.stock[goods_id] < quantity:
                return "insufficient_stock"
        total = sum(self.price[g] * q for g, q in lines)
        return "insufficient_points" if self.households[household].spendable < total else None

    def pin_try(self, household: uuid.UUID, pin: str | None) -> str | None:
        """A PIN tried at the counter where policy asks for one (services/counter._try_pin):
        the refusal, with the try counted; None when the card's household may go on."""
        if not self.pin_required:
            return None
        stored = self.pins.get(household)
        if stored is None:
            return "pin_required"
        if stored.locked:
            return "pin_locked"
        if pin is None:
            return "pin_required"
        if pin == stored.pin:
            stored.failures = 0
            return None
        stored.failures += 1
        stored.locked = stored.failures >= limits.PIN_TRIES_MAX
        return "pin_locked" if stored.locked else "pin_wrong"

    def resolution_refusal(self, meeting: str, entitled: int, attended: int, voted_for: int) -> str | None:
        """A meeting's count (ledger/domain/resolutions.py), said the law's way: a count that
        cannot be, a representatives' meeting short of two thirds (included), a villagers'
        meeting short of more than half, or a motion without more than half of those there."""
        if not voted_for <= attended <= entitled:
            return "validation_failed"
        if meeting == "villager_representatives" and attended * 3 < entitled * 2:
            return "quorum_not_met"
        if meeting == "villagers" and attended * 2 <= entitled:
            return "quorum_not_met"
        if voted_for * 2 <= attended:
            return "majority_not_reached"
        return None

    def expenditure_refusal(self, amount_fen: int, resolution_id: uuid.UUID | None) -> str | None:
        """Money out of the fund (store/fund.py spend): its resolution first — needed above the
        threshold, known, unused, covering the amount —, then the balance."""
        if resolution_id is None:
            if 0 < self.fund_threshold_fen < amount_fen:
                return "resolution_required"
        else:
            resolution = self.resolutions.get(resolution_id)
            refusal = self.withdrawal_refusal(resolution_id)
            if refusal is not None:
                return refusal
            if amount_fen > resolution.amount_fen:
                return "over_resolved_amount"
        return "insufficient_funds" if self.fund_fen < amount_fen else None

    def withdrawal_refusal(self, resolution_id: uuid.UUID) -> str | None:
        """A resolution withdrawn, or named by an expenditure: it must exist, never have been
        withdrawn and never used (domain/resolutions.py)."""
        resolution = self.resolutions.get(resolution_id)
        if resolution is None:
            return "resolution_not_found"
        if resolution.withdrawn_by is not None:
            return "resolution_withdrawn"
        if resolution.used_by is not None:
            return "resolution_used"
        return None

    def carry_over_problem_rows(self, chosen: list[uuid.UUID]) -> list[int]:
        """A sheet's row problems (its first row is its header): a household carried over
        already, or linked to the committee member who proposes it."""
        rows = []
        for row, household in enumerate(chosen, 2):
            rows += [row] * ((household in self.carried) + self.linked_to("committee", household))
        return rows

    # ---- bookkeeping -------------------------------------------------------------------------

    def take_effect(self, household: uuid.UUID, points: int) -> int:
        """An award or deduction taking effect; its spendable delta."""
        figures = self.households[household]
        if points > 0 or self.may_overdraw:
            spendable_delta = points
        else:
            spendable_delta = -min(-points, max(figures.spendable, 0))
        figures.spendable += spendable_delta
        figures.honour += points
        self.earned[household] += max(points, 0)
        return spendable_delta

    def post(self, seq: int, household: uuid.UUID, points: int) -> None:
        self.publicity[seq] = ModelPublicity(household, points)
        self.earned[household] += max(points, 0)  # counted against the cap from the moment it is posted
        self.households[household].pending += max(points, 0)  # invariant 8: not spendable yet

    def sell(self, seq: int, household: uuid.UUID, lines: list[tuple[uuid.UUID, int]]) -> int:
        """A cart sold; its total."""
        total = sum(self.price[g] * q for g, q in lines)
        for goods_id, quantity in lines:
            self.stock[goods_id] -= quantity
        self.households[household].spendable -= total
        self.reversible[seq] = ModelEvent(kinds.REDEMPTION_MADE, household, -total, 0, dict(lines))
        return total

    def reverse(self, seq: int, reversal_seq: int) -> None:
        target = self.reversible[seq]
        figures = self.households[target.household]
        figures.spendable -= target.spendable_delta
        figures.honour -= target.honour_delta
        if target.kind == kinds.AWARD_CONFIRMED:
            (self.earned_last_year if target.last_year else self.earned)[target.household] -= (
                target.honour_delta
            )
        for goods_id, quantity in target.stock.items():
            self.stock[goods_id] += quantity
        self.reversed.add(seq)
        self.reversal_household[reversal_seq] = target.household

    def uphold(self, seq: int) -> None:
        """An upheld objection rejects its item for good (invariant 8)."""
        item = self.publicity[seq]
        item.status = "rejected"
        self.households[item.household].pending -= max(item.points, 0)
        if item.carried_honour is None:
            self.earned[item.household] -= max(item.points, 0)
        else:  # the passbook's figure is rejected: the household may be carried over again
            del self.carried[item.household]

    def confirm_due(self) -> int:
        """The calendar moves past every end date: what has no open or upheld objection is
        confirmed, in the order it was posted; how many."""
        due = [
            seq
            for seq, item in sorted(self.publicity.items())
            if item.status == "open" and not {"open", "upheld"} & set(item.objections.values())
        ]
        for seq in due:
            item = self.publicity[seq]
            item.status = "confirmed"
            figures = self.households[item.household]
            figures.pending -= max(item.points, 0)
            if item.carried_honour is not None:  # as the passbook has it: spendable and honour apart
                figures.spendable += item.points
                figures.honour += item.carried_honour
                self.carried[item.household] = "confirmed"
                continue
            self.take_effect(item.household, item.points)
            self.earned[item.household] -= max(item.points, 0)  # already counted when posted
        return len(due)

    def settle(self) -> tuple[int, int]:
        """Last year settled by the policy of this moment: under `expire` each household
        loses what it held from last year and still holds, honour untouched. (Points
        expired, households.)"""
        expired_total, households = 0, 0
        if self.year_end == "expire":
            for household, figures in self.households.items():
                if figures.spendable <= 0:
                    continue
                expired = min(max(self.held_from_last_year[household], 0), figures.spendable)
                if expired > 0:
                    figures.spendable -= expired
                    expired_total += expired
                    households += 1
        return expired_total, households
