"""DESIGN §2 invariants 1–10, checked after every step of random command sequences
run against the real store on real PostgreSQL, beside a plain in-memory model.

Hypothesis rules are synchronous, so one asyncio runner (and one pool inside it) drives
the store for the whole test.
"""

from __future__ import annotations

import asyncio
import csv
import datetime
import io
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import asyncpg
import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RULE_MARKER,  # the attribute @rule puts on a rule
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
    run_state_machine_as_test,
)
from hypothesis.statistics import collector, describe_statistics

from ledger import limits
from ledger.domain import events as kinds
from ledger.domain.carry_over import FundOpening
from ledger.domain.commands import Award, CartLine, Decide, Redeem, request_digest
from ledger.domain.errors import Refused
from ledger.services import carry_over as carry_over_service
from ledger.store import awards, fund, integrity, queries, reversals, settlement, supermarket
from ledger.store import carry_over as carry_over_store
from ledger.store import counter as counter_store
from ledger.store import households as household_store
from ledger.store import proposals as proposals_store
from ledger.store import publicity as publicity_store
from ledger.store import rules as rule_store
from ledger.store.group_commit import RedemptionBatcher
from ledger.store.pool import create_pool
from tests.support import new_village


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
class Answered:
    """A keyed command that took effect, to be replayed or reused with another body."""

    key: str
    call: tuple
    digest: bytes
    answer: dict


def _award_digest(household: uuid.UUID, rule_id: uuid.UUID) -> bytes:
    return request_digest("award", Award(household_id=household, rule_id=rule_id))


def _redeem_digest(household: uuid.UUID, lines: list[tuple[uuid.UUID, int]]) -> bytes:
    cart = Redeem(household_id=household, lines=[CartLine(goods_id=g, quantity=q) for g, q in lines])
    return request_digest("redeem", cart)


# The board's objections come from these addresses: few, so the limits are reached.
OBJECTING_ADDRESSES = ("10.0.0.1", "10.0.0.2")


class LedgerMachine(RuleBasedStateMachine):
    runner: asyncio.Runner
    pool: asyncpg.Pool
    deduction_may_overdraw: bool
    fired: Counter[str]  # rule → steps it ran, over the whole test
    examples: int  # machines run, over the whole test

    households = Bundle("households")
    rules = Bundle("rules")
    goods = Bundle("goods")

    def __init__(self) -> None:
        super().__init__()
        LedgerMachine.examples += 1
        self.model_households: dict[uuid.UUID, ModelHousehold] = {}
        self.rule_points: dict[uuid.UUID, int] = {}
        self.stock: dict[uuid.UUID, int] = {}
        self.price: dict[uuid.UUID, int] = {}
        self.reversible: dict[int, ModelEvent] = {}
        self.reversed: set[int] = set()
        self.reversal_seqs: set[int] = set()
        self.answered: list[Answered] = []
        self.fund_fen = 0
        self.rule_publicity: dict[uuid.UUID, bool] = {}
        self.publicity: dict[int, ModelPublicity] = {}
        self.proposals: dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID]] = {}  # open: household, rule
        self.yearly_cap = 0  # 0: none
        self.earned: dict[uuid.UUID, int] = {}  # this year's points against the cap
        self.earned_last_year: dict[uuid.UUID, int] = {}
        # Spendable points from events dated last year: what settling last year may expire.
        self.held_from_last_year: dict[uuid.UUID, int] = {}
        self.year_end = "carry_over"
        self.settled: dict | None = None  # last year's settlement, once made
        # Carry-over from paper: each household's carry-in that has not ended without effect,
        # the open sheets (household → spendable, honour), and the fund's opening balance.
        self.carried: dict[uuid.UUID, str] = {}  # proposed / publicity / confirmed
        self.open_sheets: dict[uuid.UUID, dict[uuid.UUID, tuple[int, int]]] = {}
        self.fund_opening: str | None = None
        # Objections by their source (("address", a) or ("card", household)), award and day,
        # for the objection limits; the day is named to the store, counted from today.
        self.objection_sources: dict[uuid.UUID, tuple[tuple, int, datetime.date]] = {}
        self.days_passed = 0
        self.batcher = RedemptionBatcher(self.pool, batch_max=5)
        self.may_overdraw = self.deduction_may_overdraw
        self.village = self.run(new_village(self.pool, deduction_may_overdraw=self.may_overdraw))
        self.community_id = self.village.community_id
        self.year = self.run(queries.local_today(self.pool, self.community_id)).year
        self.first_objection_day = self.run(queries.local_today(self.pool, self.community_id))

        async def set_policy():
            async with self.pool.acquire() as connection:
                await counter_store.change_policy(connection, self.community_id, None, {"publicity_days": 3})

        self.run(set_policy())

    def run(self, coroutine):
        return self.runner.run(coroutine)

    def _fired(self, rule_name: str) -> None:
        """Hypothesis' statistics show the share of examples in which each rule ran; the
        tally counts every run, so the long profile shows how often each rule fired."""
        event(f"rule: {rule_name}")
        self.fired[rule_name] += 1

    def head(self) -> int:
        return self.run(queries.community(self.pool, self.community_id))["head_seq"]

    # ---- set-up -------------------------------------------------------------------------

    @initialize(
        target=households, points=st.lists(st.sampled_from([400, 150, 60, 0]), min_size=2, max_size=3)
    )
    def seed_households(self, points: list[int]):
        """Households that start with points, so carts get sold from the first steps."""
        seeded = []
        for starting in points:
            household = self._register_household()
            if starting:  # brought from last year: what an expiring settlement may take
                self._award_for_last_year(household, self._define_rule(starting))
            seeded.append(household)
        # Something on the publicity board from the start, for objections and confirmation:
        # awards, and the first household's balance carried over from its passbook.
        posted = self._define_rule(25, needs_publicity=True)
        for household in seeded:
            self._award(household, posted, keyed=False)
        self._carry_over({seeded[0]: (120, 80)}, check_only=False, then="approve")
        return multiple(*seeded)

    @initialize(target=goods, prices=st.lists(st.integers(1, 30), min_size=1, max_size=3))
    def seed_goods(self, prices: list[int]):
        seeded = []
        for price in prices:
            goods_id = self._list_goods(price)
            self._receive_stock(goods_id, 30)
            seeded.append(goods_id)
        return multiple(*seeded)

    @rule(target=households)
    def register_household(self) -> uuid.UUID:
        self._fired("register_household")
        return self._register_household()

    def _register_household(self) -> uuid.UUID:
        household_id = uuid.uuid4()

        async def register():
            async with self.pool.acquire() as connection:
                await household_store.register_household(
                    connection, self.community_id, None, household_id, household_id.hex[:12], "王建国"
                )

        self.run(register())
        self.model_households[household_id] = ModelHousehold()
        self.earned[household_id] = 0
        self.earned_last_year[household_id] = 0
        self.held_from_last_year[household_id] = 0
        return household_id

    @rule(target=rules, points=st.sampled_from([1, 5, 10, 50, 100, -5, -20]))
    def define_rule(self, points: int) -> uuid.UUID:
        self._fired("define_rule")
        return self._define_rule(points)

    def _define_rule(self, points: int, needs_publicity: bool = False) -> uuid.UUID:
        rule_id = uuid.uuid4()

        async def define():
            async with self.pool.acquire() as connection:
                await rule_store.define_rule(
                    connection,
                    self.community_id,
                    None,
                    rule_id,
                    rule_id.hex[:10],
                    "规则",
                    "",
                    "",
                    points,
                    needs_publicity,
                )

        self.run(define())
        self.rule_points[rule_id] = points
        self.rule_publicity[rule_id] = needs_publicity
        return rule_id

    @rule(target=rules, points=st.sampled_from([10, 40, -15]))
    def define_publicized_rule(self, points: int) -> uuid.UUID:
        self._fired("define_publicized_rule")
        return self._define_rule(points, needs_publicity=True)

    @rule(target=goods, points=st.integers(1, 40))
    def list_goods(self, points: int) -> uuid.UUID:
        self._fired("list_goods")
        return self._list_goods(points)

    def _list_goods(self, points: int) -> uuid.UUID:
        goods_id = uuid.uuid4()

        async def list_item():
            async with self.pool.acquire() as connection:
                await supermarket.list_goods(
                    connection,
                    self.community_id,
                    None,
                    goods_id,
                    goods_id.hex[:10],
                    "商品",
                    "",
                    "",
                    "",
                    points,
                )

        self.run(list_item())
        self.stock[goods_id] = 0
        self.price[goods_id] = points
        return goods_id

    @rule(goods_id=goods, quantity=st.integers(1, 40))
    def receive_stock(self, goods_id: uuid.UUID, quantity: int) -> None:
        self._fired("receive_stock")
        self._receive_stock(goods_id, quantity)

    def _receive_stock(self, goods_id: uuid.UUID, quantity: int) -> None:
        async def receive():
            async with self.pool.acquire() as connection:
                return await supermarket.receive_stock(
                    connection, self.community_id, None, goods_id, quantity, None, None, None
                )

        answer = self.run(receive())
        self.stock[goods_id] += quantity
        assert answer["stock_after"] == self.stock[goods_id]

    # ---- points --------------------------------------------------------------------------

    @rule(household=households, rule_id=rules, keyed=st.booleans())
    def award(self, household: uuid.UUID, rule_id: uuid.UUID, keyed: bool) -> None:
        self._fired("award")
        self._award(household, rule_id, keyed)

    def _award(self, household: uuid.UUID, rule_id: uuid.UUID, keyed: bool) -> None:
        key = uuid.uuid4().hex if keyed else None
        digest = _award_digest(household, rule_id)
        points = self.rule_points[rule_id]
        call = awards.award(
            self.pool, self.community_id, None, household, rule_id, None, None, None, key, digest
        )
        if self._over_the_cap(household, points):
            self._refused_with_nothing_written(call, "yearly_cap_reached")
            return
        answer = self.run(call)
        if self.rule_publicity[rule_id]:
            assert answer["kind"] == "publicity.started"
            self._post(answer["event_seq"], household, points)
        else:
            spendable_delta = self._take_effect(household, points)
            assert answer["spendable_after"] == self.model_households[household].spendable
            self.reversible[answer["event_seq"]] = ModelEvent(
                answer["kind"], household, spendable_delta, points
            )
        if key:
            self.answered.append(Answered(key, ("award", household, rule_id), digest, answer))

    def _over_the_cap(self, household: uuid.UUID, points: int, last_year: bool = False) -> bool:
        earned = (self.earned_last_year if last_year else self.earned)[household]
        return self.yearly_cap > 0 and points > 0 and earned + points > self.yearly_cap

    @precondition(lambda self: any(p > 0 and not self.rule_publicity[r] for r, p in self.rule_points.items()))
    @rule(household=households, data=st.data())
    def award_for_last_year(self, household: uuid.UUID, data: st.DataObject) -> None:
        """Entered late, dated in December of last year: it counts against last year's cap
        and, until last year is settled, it is what settling may expire."""
        self._fired("award_for_last_year")
        rule_id = data.draw(
            # in the order defined (sorting random ids would make the draws depend on chance)
            st.sampled_from([r for r, p in self.rule_points.items() if p > 0 and not self.rule_publicity[r]])
        )
        self._award_for_last_year(household, rule_id)

    def _award_for_last_year(self, household: uuid.UUID, rule_id: uuid.UUID) -> None:
        points = self.rule_points[rule_id]
        call = awards.award(
            self.pool,
            self.community_id,
            None,
            household,
            rule_id,
            None,
            "补录",
            datetime.date(self.year - 1, 12, 31),
            None,
            None,
        )
        if self._over_the_cap(household, points, last_year=True):
            self._refused_with_nothing_written(call, "yearly_cap_reached")
            return
        answer = self.run(call)
        figures = self.model_households[household]
        figures.spendable += points
        figures.honour += points
        self.earned_last_year[household] += points
        if self.settled is None:
            self.held_from_last_year[household] += points
        self.reversible[answer["event_seq"]] = ModelEvent(
            kinds.AWARD_CONFIRMED, household, points, points, last_year=True
        )

    def _refused_with_nothing_written(self, call, code: str) -> None:
        event(f"refused: {code}")
        head = self.head()
        with pytest.raises(Refused) as refusal:
            self.run(call)
        assert refusal.value.code == code
        assert self.head() == head

    def _take_effect(self, household: uuid.UUID, points: int) -> int:
        """An award or deduction taking effect in the model; its spendable delta."""
        figures = self.model_households[household]
        if points > 0 or self.may_overdraw:
            spendable_delta = points
        else:
            spendable_delta = -min(-points, max(figures.spendable, 0))
        figures.spendable += spendable_delta
        figures.honour += points
        self.earned[household] += max(points, 0)
        return spendable_delta

    def _post(self, seq: int, household: uuid.UUID, points: int) -> None:
        self.publicity[seq] = ModelPublicity(household, points)
        self.earned[household] += max(points, 0)  # counted against the cap from the moment it is posted
        self.model_households[household].pending += max(points, 0)  # invariant 8: not spendable yet

    # ---- propose → approve, publicity --------------------------------------------------------

    @rule(household=households, rule_id=rules)
    def propose(self, household: uuid.UUID, rule_id: uuid.UUID) -> None:
        self._fired("propose")

        async def propose():
            async with self.pool.acquire() as connection:
                return await proposals_store.propose(
                    connection,
                    self.community_id,
                    self.village.staff["scorer"],
                    rule_id,
                    [household],
                    None,
                    None,
                    None,
                )

        answer = self.run(propose())
        self.proposals[uuid.UUID(answer["proposal_ids"][0])] = (household, rule_id)

    @precondition(lambda self: self.proposals)
    @rule(data=st.data(), approve=st.booleans(), own=st.booleans())
    def decide_proposal(self, data: st.DataObject, approve: bool, own: bool) -> None:
        self._fired("decide_proposal")
        proposal_id = data.draw(st.sampled_from(list(self.proposals)))
        decider = self.village.staff["scorer" if own else "committee"]

        async def decide():
            async with self.pool.acquire() as connection:
                return await proposals_store.decide(
                    connection,
                    self.community_id,
                    decider,
                    [proposal_id],
                    approve,
                    None,
                    frozenset({"committee"}),
                )

        if own:  # maker-checker: the proposer never decides
            self._refused_with_nothing_written(decide(), "own_proposal")
            return
        household, rule_id = self.proposals[proposal_id]
        if approve and self._over_the_cap(household, self.rule_points[rule_id]):
            self._refused_with_nothing_written(decide(), "yearly_cap_reached")
            return  # still open: it may be rejected, or approved once the cap is raised
        del self.proposals[proposal_id]
        decision = self.run(decide())[0]
        if approve:
            points = self.rule_points[rule_id]
            if self.rule_publicity[rule_id]:
                self._post(decision["award_seq"], household, points)
            else:
                self._take_effect(household, points)

    @precondition(lambda self: any(item.status == "open" for item in self.publicity.values()))
    @rule(data=st.data(), by_card=st.booleans(), times=st.integers(1, 4), next_day=st.booleans())
    def object_to(self, data: st.DataObject, by_card: bool, times: int, next_day: bool) -> None:
        """One source objects, once or several times: from the board by its address or with
        a household's card, each within the objection limits, which count by the community's
        day (the next day brings new allowances)."""
        self._fired("object_to")
        self.days_passed += next_day
        if by_card:
            household = data.draw(st.sampled_from(list(self.model_households)))
            source, objector = ("card", household), publicity_store.Objector.with_card(household)
        else:
            address = data.draw(st.sampled_from(OBJECTING_ADDRESSES))
            source, objector = ("address", address), publicity_store.Objector.from_board(address)
        for _ in range(times):
            open_items = [s for s, item in self.publicity.items() if item.status == "open"]
            self._object(data.draw(st.sampled_from(open_items)), source, objector)

    def _object(self, seq: int, source: tuple, objector: publicity_store.Objector) -> None:
        day = self.first_objection_day + datetime.timedelta(days=self.days_passed)

        async def raise_it():
            async with self.pool.acquire() as connection:
                return await publicity_store.raise_objection(
                    connection, self.community_id, None, seq, "不属实", objector, today=day
                )

        raised = [(o, s, d) for o, (src, s, d) in self.objection_sources.items() if src == source]
        open_max, day_max = (
            (limits.OBJECTIONS_OPEN_PER_AWARD_PER_CARD, limits.OBJECTIONS_PER_DAY_PER_CARD)
            if source[0] == "card"
            else (limits.OBJECTIONS_OPEN_PER_AWARD_PER_ADDRESS, limits.OBJECTIONS_PER_DAY_PER_ADDRESS)
        )
        if sum(1 for o, s, _ in raised if s == seq and self.publicity[s].objections[o] == "open") >= open_max:
            self._refused_with_nothing_written(raise_it(), "already_exists")
        elif sum(1 for _, _, d in raised if d == day) >= day_max:
            self._refused_with_nothing_written(raise_it(), "rate_limited")
        else:
            objection_id = uuid.UUID(self.run(raise_it())["objection_id"])
            self.publicity[seq].objections[objection_id] = "open"
            self.objection_sources[objection_id] = (source, seq, day)
            event(f"objection raised by {source[0]}")

    @precondition(lambda self: any("open" in item.objections.values() for item in self.publicity.values()))
    @rule(data=st.data(), uphold=st.booleans())
    def decide_objection(self, data: st.DataObject, uphold: bool) -> None:
        self._fired("decide_objection")
        seq, objection_id = data.draw(
            st.sampled_from(
                [
                    (s, o)
                    for s, item in self.publicity.items()
                    for o, state in item.objections.items()
                    if state == "open"
                ]
            )
        )

        async def decide():
            async with self.pool.acquire() as connection:
                return await publicity_store.decide_objection(
                    connection,
                    self.community_id,
                    self.village.staff["supervisor"],
                    objection_id,
                    uphold,
                    "核实",
                )

        answer = self.run(decide())
        item = self.publicity[seq]
        item.objections[objection_id] = "upheld" if uphold else "dismissed"
        if uphold and item.status == "open":
            assert answer["award_rejected"] is True
            item.status = "rejected"  # invariant 8: an upheld objection rejects it for good
            self.model_households[item.household].pending -= max(item.points, 0)
            if item.carried_honour is None:
                self.earned[item.household] -= max(item.points, 0)
            else:  # the passbook's figure is rejected: the household may be carried over again
                del self.carried[item.household]

    @rule()
    def publicity_ends(self) -> None:
        """The calendar moves past every end date: what has no open or upheld objection
        is confirmed, in the order it was posted."""
        self._fired("publicity_ends")
        confirmed = self.run(
            publicity_store.confirm_due(self.pool, self.community_id, datetime.date(2099, 1, 1))
        )
        due = [
            seq
            for seq, item in sorted(self.publicity.items())
            if item.status == "open" and not {"open", "upheld"} & set(item.objections.values())
        ]
        assert confirmed == len(due)
        for seq in due:
            item = self.publicity[seq]
            item.status = "confirmed"
            self.model_households[item.household].pending -= max(item.points, 0)
            if item.carried_honour is not None:  # as the passbook has it: spendable and honour apart
                figures = self.model_households[item.household]
                figures.spendable += item.points
                figures.honour += item.carried_honour
                self.carried[item.household] = "confirmed"
                continue
            self._take_effect(item.household, item.points)
            self.earned[item.household] -= max(item.points, 0)  # already counted when posted

    # ---- carry-over from paper ---------------------------------------------------------------

    @rule(
        chosen=st.lists(households, min_size=1, max_size=3, unique=True),
        data=st.data(),
        check_only=st.booleans(),
        then=st.sampled_from(["approve", "approve", "reject", "leave open"]),
    )
    def carry_over(self, chosen: list[uuid.UUID], data: st.DataObject, check_only: bool, then: str) -> None:
        """A committee member uploads a sheet of passbook balances: all or nothing, and a
        household already carried over (proposed, in publicity or in effect) is a problem
        on its row. Most sheets are decided at once (so that carried-in balances meet the
        board, objections and the end of publicity often); some wait."""
        self._fired("carry_over")
        figures = {
            household: (
                data.draw(st.integers(0, 400), label="spendable"),
                data.draw(st.integers(-30, 400), label="honour"),
            )
            for household in chosen
        }
        self._carry_over(figures, check_only, then)

    def _carry_over(self, figures: dict[uuid.UUID, tuple[int, int]], check_only: bool, then: str) -> None:
        chosen = list(figures)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["户号", "可用积分", "荣誉积分", "页码"])
        for page, (household, (spendable, honour)) in enumerate(figures.items(), 1):
            writer.writerow([household.hex[:12], spendable, honour, page])
        head = self.head()
        report = self.run(
            carry_over_service.propose_sheet(
                self.pool,
                self.community_id,
                self.village.staff["committee"],
                frozenset({"committee"}),
                out.getvalue().encode(),
                None,
                check_only,
            )
        )
        expected = [row for row, household in enumerate(chosen, 2) if household in self.carried]
        event(f"carry-over: {'refused' if expected else 'checked' if check_only else 'proposed'}")
        assert [problem.row for problem in report.problems] == expected
        if expected or check_only:
            assert not report.proposed
            assert self.head() == head  # nothing written
            return
        assert report.proposed
        carry_over_id = uuid.UUID(report.carry_over_id)
        self.open_sheets[carry_over_id] = figures
        self.carried.update(dict.fromkeys(chosen, "proposed"))
        if then != "leave open":
            self._decide_sheet(carry_over_id, approve=then == "approve", own=False)

    @precondition(lambda self: self.open_sheets)
    @rule(data=st.data(), approve=st.booleans(), own=st.booleans())
    def decide_carry_over(self, data: st.DataObject, approve: bool, own: bool) -> None:
        """Another decides (here the supervision committee), never the proposer. Approved,
        each balance waits on the board as pending; rejected, its households are free."""
        self._fired("decide_carry_over")
        self._decide_sheet(data.draw(st.sampled_from(list(self.open_sheets))), approve, own)

    def _decide_sheet(self, carry_over_id: uuid.UUID, approve: bool, own: bool) -> None:
        decider, roles = (
            (self.village.staff["committee"], frozenset({"committee"}))
            if own
            else (self.village.staff["supervisor"], frozenset({"supervisor"}))
        )
        decide = carry_over_service.decide(
            self.pool, self.community_id, decider, roles, carry_over_id, Decide(approve=approve)
        )
        if own:
            self._refused_with_nothing_written(decide, "own_proposal")
            return
        self.run(decide)
        sheet = self.open_sheets.pop(carry_over_id)
        if not approve:
            for household in sheet:
                del self.carried[household]
            return
        lines = self.run(carry_over_service.carry_over_lines(self.pool, self.community_id, carry_over_id))
        assert {uuid.UUID(line["household_id"]) for line in lines} == set(sheet)
        for line in lines:
            household = uuid.UUID(line["household_id"])
            spendable, honour = sheet[household]
            self.publicity[line["posted_seq"]] = ModelPublicity(household, spendable, carried_honour=honour)
            self.model_households[household].pending += spendable  # invariant 8: not spendable yet
            self.carried[household] = "publicity"

    @rule(amount_fen=st.integers(0, 500_000), approve=st.booleans())
    def carry_over_the_fund(self, amount_fen: int, approve: bool) -> None:
        """The fund's opening balance: proposed, then approved or rejected by another; once
        carried over (or while one waits), a second is refused."""
        self._fired("carry_over_the_fund")
        opening = FundOpening(amount_fen=amount_fen, reference="旧账本")
        propose = carry_over_service.propose_fund(
            self.pool, self.community_id, self.village.staff["committee"], frozenset({"committee"}), opening
        )
        if self.fund_opening is not None:
            self._refused_with_nothing_written(propose, "already_exists")
            return
        carry_over_id = uuid.UUID(self.run(propose)["carry_over_id"])
        self.run(
            carry_over_service.decide(
                self.pool,
                self.community_id,
                self.village.staff["supervisor"],
                frozenset({"supervisor"}),
                carry_over_id,
                Decide(approve=approve),
            )
        )
        if approve:
            self.fund_opening = "confirmed"
            self.fund_fen += amount_fen

    @rule(cap=st.sampled_from([60, 150, 0]))
    def set_yearly_cap(self, cap: int) -> None:
        """A cap may be set, lowered below what someone already earned, raised or lifted:
        it only ever stops new awards."""

        self._fired("set_yearly_cap")

        async def change():
            async with self.pool.acquire() as connection:
                await counter_store.change_policy(
                    connection, self.community_id, None, {"yearly_points_cap": cap}
                )

        self.run(change())
        self.yearly_cap = cap

    @rule(policy=st.sampled_from(["expire", "carry_over"]))
    def settle_last_year(self, policy: str) -> None:
        """Last year is settled once, by the policy of that moment: under `expire` each
        household loses what it held from last year and still holds (never more than its
        spendable), honour untouched; a second settlement answers the first and changes
        nothing, whatever the policy has become."""

        self._fired("settle_last_year")

        async def choose():
            async with self.pool.acquire() as connection:
                await counter_store.change_policy(connection, self.community_id, None, {"year_end": policy})

        self.run(choose())
        self.year_end = policy
        head = self.head()
        answer = self.run(settlement.settle(self.pool, self.community_id, self.year - 1))
        if self.settled is not None:
            assert answer["replayed"] is True
            assert answer["event_seq"] == self.settled["event_seq"]
            assert self.head() == head
            return
        expired_total, households = 0, 0
        if self.year_end == "expire":
            for household, figures in self.model_households.items():
                if figures.spendable <= 0:
                    continue
                expired = min(max(self.held_from_last_year[household], 0), figures.spendable)
                if expired > 0:
                    figures.spendable -= expired
                    expired_total += expired
                    households += 1
        event(f"settlement: {self.year_end}, {'some' if expired_total else 'no'} points expired")
        assert (answer["policy"], answer["points_expired"], answer["households"]) == (
            self.year_end,
            expired_total,
            households,
        )
        self.settled = answer

    # ---- the shelf and the fund ------------------------------------------------------------

    @rule(goods_id=goods, points=st.integers(1, 40))
    def reprice(self, goods_id: uuid.UUID, points: int) -> None:
        self._fired("reprice")

        async def change():
            async with self.pool.acquire() as connection:
                return await supermarket.change_goods(
                    connection, self.community_id, None, goods_id, {"points": points}
                )

        changed = self.run(change())
        assert changed == (points != self.price[goods_id])
        self.price[goods_id] = points  # later sales at the new price; earlier ones keep theirs

    @rule(goods_id=goods, quantity=st.integers(1, 15))
    def write_off(self, goods_id: uuid.UUID, quantity: int) -> None:
        self._fired("write_off")

        async def write():
            async with self.pool.acquire() as connection:
                return await supermarket.write_off(
                    connection, self.community_id, None, goods_id, quantity, "损坏"
                )

        head = self.head()
        try:
            answer = self.run(write())
        except Refused as refusal:
            assert refusal.code == "insufficient_stock"
            assert self.stock[goods_id] < quantity
            assert self.head() == head
            return
        self.stock[goods_id] -= quantity
        assert answer["stock_after"] == self.stock[goods_id]

    @rule(goods_id=goods, counted=st.integers(0, 60))
    def count_stock(self, goods_id: uuid.UUID, counted: int) -> None:
        self._fired("count_stock")

        async def take():
            async with self.pool.acquire() as connection:
                return await supermarket.count(connection, self.community_id, None, goods_id, counted, None)

        answer = self.run(take())
        assert answer["difference"] == counted - self.stock[goods_id]
        self.stock[goods_id] = counted

    @rule(household=households, amount_fen=st.integers(1, 50_000), from_household=st.booleans())
    def contribute(self, household: uuid.UUID, amount_fen: int, from_household: bool) -> None:
        self._fired("contribute")

        async def give():
            async with self.pool.acquire() as connection:
                return await fund.contribute(
                    connection,
                    self.community_id,
                    None,
                    "household" if from_household else "anonymous",
                    None,
                    household if from_household else None,
                    amount_fen,
                    "cash",
                    None,
                    None,
                )

        answer = self.run(give())
        self.fund_fen += amount_fen
        points = amount_fen * 10 // 10_000 if from_household else 0  # the default policy
        assert answer["points"] == points
        self.model_households[household].spendable += points
        self.model_households[household].honour += points

    @rule(amount_fen=st.integers(1, 60_000))
    def spend(self, amount_fen: int) -> None:
        self._fired("spend")

        async def pay():
            async with self.pool.acquire() as connection:
                return await fund.spend(
                    connection, self.community_id, None, amount_fen, "采购", "供销社", None, None
                )

        head = self.head()
        try:
            answer = self.run(pay())
        except Refused as refusal:
            assert refusal.code == "insufficient_funds"
            assert self.fund_fen < amount_fen
            assert self.head() == head
            return
        self.fund_fen -= amount_fen
        assert answer["balance_fen"] == self.fund_fen

    # ---- the supermarket -------------------------------------------------------------------

    def _prefer(
        self, data: st.DataObject, drawn: uuid.UUID, candidates: list[uuid.UUID], what: str
    ) -> uuid.UUID:
        """Half the time, swap a drawn household or goods item for one that has points or
        stock, so that sales happen as often as refusals."""
        if candidates and data.draw(st.booleans(), label=f"prefer {what}"):
            return data.draw(st.sampled_from(candidates), label=what)  # insertion order: deterministic
        return drawn

    def _with_points(self, data: st.DataObject, household: uuid.UUID) -> uuid.UUID:
        rich = [h for h, m in self.model_households.items() if m.spendable > 0]
        return self._prefer(data, household, rich, "a household with points")

    def _with_stock(self, data: st.DataObject, goods_id: uuid.UUID) -> uuid.UUID:
        return self._prefer(data, goods_id, [g for g, n in self.stock.items() if n > 0], "goods in stock")

    def _expected_refusal(self, household: uuid.UUID, lines: list[tuple[uuid.UUID, int]]) -> str | None:
        for goods_id, quantity in lines:  # checked in lock order, as the store does
            if self.stock[goods_id] < quantity:
                return "insufficient_stock"
        total = sum(self.price[g] * q for g, q in lines)
        return "insufficient_points" if self.model_households[household].spendable < total else None

    @rule(
        household=households,
        cart=st.lists(st.tuples(goods, st.integers(1, 3)), min_size=1, max_size=3),
        keyed=st.booleans(),
        data=st.data(),
    )
    def redeem(
        self, household: uuid.UUID, cart: list[tuple[uuid.UUID, int]], keyed: bool, data: st.DataObject
    ) -> None:
        self._fired("redeem")
        household = self._with_points(data, household)
        merged: dict[uuid.UUID, int] = {}
        for goods_id, quantity in cart:
            goods_id = self._with_stock(data, goods_id)
            merged[goods_id] = merged.get(goods_id, 0) + quantity
        lines = sorted(merged.items())
        key = uuid.uuid4().hex if keyed else None
        digest = _redeem_digest(household, lines)
        expected = self._expected_refusal(household, lines)
        event(f"redeem: {expected or 'sold'}")
        head = self.head()
        try:
            answer = self.run(self.batcher.redeem(self.community_id, None, household, lines, key, digest))
        except Refused as refusal:
            assert refusal.code == expected
            assert self.head() == head  # a refusal writes nothing
            return
        assert expected is None, f"expected {expected}, the store sold"
        total = sum(self.price[g] * q for g, q in lines)
        for goods_id, quantity in lines:
            self.stock[goods_id] -= quantity
        self.model_households[household].spendable -= total
        assert answer["points"] == total
        assert answer["spendable_after"] == self.model_households[household].spendable
        self.reversible[answer["event_seq"]] = ModelEvent(
            "redemption.made", household, -total, 0, dict(lines)
        )
        if key:
            self.answered.append(Answered(key, ("redeem", household, lines), digest, answer))

    @rule(
        household=households,
        goods_id=goods,
        quantity=st.integers(1, 2),
        racers=st.integers(2, 12),
        data=st.data(),
    )
    def concurrent_redemptions(
        self, household: uuid.UUID, goods_id: uuid.UUID, quantity: int, racers: int, data: st.DataObject
    ) -> None:
        """Invariant 7: however they interleave, exactly the affordable number succeed."""
        self._fired("concurrent_redemptions")
        household = self._with_points(data, household)
        goods_id = self._with_stock(data, goods_id)
        price = self.price[goods_id] * quantity
        affordable = min(
            racers,
            self.stock[goods_id] // quantity,
            max(self.model_households[household].spendable, 0) // price,
        )

        async def race():
            # Half share one batcher (group commit: several in one transaction), half come
            # through batchers of their own (separate transactions racing for the head).
            return await asyncio.gather(
                *[
                    (self.batcher if n % 2 else RedemptionBatcher(self.pool)).redeem(
                        self.community_id, None, household, [(goods_id, quantity)], None, None
                    )
                    for n in range(racers)
                ],
                return_exceptions=True,
            )

        results = self.run(race())
        event(
            f"race: {affordable} of {racers} affordable" if affordable in (0, racers) else "race: some sold"
        )
        sold = [r for r in results if isinstance(r, dict)]
        refused = [r for r in results if isinstance(r, Refused)]
        assert len(sold) + len(refused) == racers, results
        assert {r.code for r in refused} <= {"insufficient_points", "insufficient_stock"}
        assert len(sold) == affordable
        for answer in sold:
            self.reversible[answer["event_seq"]] = ModelEvent(
                "redemption.made", household, -price, 0, {goods_id: quantity}
            )
        self.stock[goods_id] -= quantity * len(sold)
        self.model_households[household].spendable -= price * len(sold)

    # ---- idempotency (invariant 6) -------------------------------------------------------

    def _send(self, earlier: Answered, digest: bytes):
        if earlier.call[0] == "award":
            _, household, rule_id = earlier.call
            return awards.award(
                self.pool, self.community_id, None, household, rule_id, None, None, None, earlier.key, digest
            )
        _, household, lines = earlier.call
        return self.batcher.redeem(self.community_id, None, household, lines, earlier.key, digest)

    @precondition(lambda self: self.answered)
    @rule(data=st.data())
    def replay(self, data: st.DataObject) -> None:
        self._fired("replay")
        earlier = data.draw(st.sampled_from(self.answered))
        head = self.head()
        again = self.run(self._send(earlier, earlier.digest))
        assert again["replayed"] is True
        assert {k: v for k, v in again.items() if k != "replayed"} == {
            k: v for k, v in earlier.answer.items() if k != "replayed"
        }
        assert self.head() == head

    @precondition(lambda self: self.answered)
    @rule(data=st.data())
    def reuse_key_for_another_request(self, data: st.DataObject) -> None:
        self._fired("reuse_key_for_another_request")
        earlier = data.draw(st.sampled_from(self.answered))
        head = self.head()
        with pytest.raises(Refused) as refusal:
            self.run(self._send(earlier, bytes(32)))
        assert refusal.value.code == "idempotency_conflict"
        assert self.head() == head

    # ---- reversals (invariant 9 as far as the core goes) --------------------------------

    @precondition(lambda self: self.reversible or self.reversal_seqs)
    @rule(data=st.data())
    def reverse(self, data: st.DataObject) -> None:
        self._fired("reverse")
        seq = data.draw(st.sampled_from(sorted(self.reversible) + sorted(self.reversal_seqs)))
        # A sale may also be cancelled at the counter: the same restoring, under its own kind.
        kind = data.draw(st.sampled_from([kinds.REVERSAL_RECORDED, kinds.REDEMPTION_CANCELLED]), label="kind")
        head = self.head()
        event("reverse: a reversal" if seq in self.reversal_seqs else "reverse: an event")
        try:
            answer = self.run(
                reversals.reverse(self.pool, self.community_id, None, seq, "复核更正", None, None, kind)
            )
        except Refused as refusal:
            if seq in self.reversal_seqs:
                assert refusal.code == "not_reversible"
            elif kind == kinds.REDEMPTION_CANCELLED and self.reversible[seq].kind != "redemption.made":
                assert refusal.code == "not_reversible"
            elif seq in self.reversed:
                assert refusal.code == "already_reversed"
            else:
                target = self.reversible[seq]
                figures = self.model_households[target.household]
                assert refusal.code == "insufficient_points"
                assert figures.spendable - target.spendable_delta < 0 and not self.may_overdraw
            assert self.head() == head
            return
        assert seq not in self.reversed and seq not in self.reversal_seqs
        target = self.reversible[seq]
        assert kind == kinds.REVERSAL_RECORDED or target.kind == "redemption.made"
        assert answer["kind"] == kind
        figures = self.model_households[target.household]
        figures.spendable -= target.spendable_delta
        figures.honour -= target.honour_delta
        if target.kind == kinds.AWARD_CONFIRMED:
            (self.earned_last_year if target.last_year else self.earned)[target.household] -= (
                target.honour_delta
            )
        for goods_id, quantity in target.stock.items():
            self.stock[goods_id] += quantity
        self.reversed.add(seq)
        self.reversal_seqs.add(answer["event_seq"])

    # ---- invariants ------------------------------------------------------------------------

    @invariant()
    def figures_match_the_model(self) -> None:  # invariant 1 (with the fold check below)
        rows = self.run(queries.all_household_figures(self.pool, self.community_id))
        stored = {row["household_id"]: (row["spendable"], row["pending"], row["honour"]) for row in rows}
        assert stored == {h: (m.spendable, m.pending, m.honour) for h, m in self.model_households.items()}

    @invariant()
    def earnings_against_the_cap_match_the_model(self) -> None:
        async def earned(year: int):
            return {
                household: await queries.earned_in_year(self.pool, self.community_id, household, year)
                for household in self.model_households
            }

        assert self.run(earned(self.year)) == self.earned
        assert self.run(earned(self.year - 1)) == self.earned_last_year

    @invariant()
    def the_fund_matches_the_model_and_is_never_negative(self) -> None:  # invariant 3
        balance = self.run(queries.fund_balance(self.pool, self.community_id))
        assert balance == self.fund_fen
        assert balance >= 0

    @invariant()
    def stock_matches_the_model_and_is_never_negative(self) -> None:  # invariant 3
        rows = self.run(queries.all_stock(self.pool, self.community_id))
        stored = {row["goods_id"]: row["stock"] for row in rows}
        assert stored == self.stock
        assert all(stock >= 0 for stock in stored.values())

    @invariant()
    def only_a_permitted_deduction_leaves_a_debt(self) -> None:  # invariant 2
        rows = self.run(queries.all_household_figures(self.pool, self.community_id))
        if not self.may_overdraw:
            assert all(row["spendable"] >= 0 for row in rows)
        events = self.run(queries.events_after(self.pool, self.community_id, 0, 100_000))
        for recorded in events:
            if recorded.kind == "redemption.made":
                assert recorded.body["spendable_after"] >= 0

    @invariant()
    def each_household_is_carried_over_at_most_once(self) -> None:
        rows = self.run(carry_over_store.live_lines(self.pool, self.community_id))
        stored = {row["household_id"]: row["status"] for row in rows}
        assert len(stored) == len(rows)  # one live carry-in a household, by the unique key
        assert stored == self.carried

    @invariant()
    def the_chain_verifies_without_gaps(self) -> None:  # invariant 4
        report = self.run(integrity.verify(self.pool, self.community_id))
        assert report is not None
        assert report.ok, report.problem
        assert report.events == report.head_seq

    @invariant()
    def a_rebuild_reproduces_the_projections(self) -> None:  # invariants 1 and 10
        assert self.run(integrity.check_rebuild(self.pool, self.community_id)) == []

    @invariant()
    def the_log_refuses_rewrites(self) -> None:  # invariant 5
        async def attempt():
            async with self.pool.acquire() as connection:
                for statement in (
                    "UPDATE events SET body = '{}' WHERE community_id = $1",
                    "DELETE FROM events WHERE community_id = $1",
                ):
                    with pytest.raises(asyncpg.InsufficientPrivilegeError):
                        await connection.execute(statement, self.community_id)

        self.run(attempt())


# The long profile (ops/fuzz --long) runs its examples in rounds until they are done or
# half an hour has passed for each of the two policies, whichever comes first: an hour in
# all. The clock decides only how much is tried, never whether the test passes.
LONG_PROFILE = "long"
LONG_SECONDS_PER_POLICY = 30 * 60
LONG_ROUND_EXAMPLES = 50


def _run_the_machine() -> int:
    """Run LedgerMachine with the loaded Hypothesis profile (tests/conftest.py); the rounds
    it took."""
    profile = settings()
    if settings.get_current_profile_name() != LONG_PROFILE:
        run_state_machine_as_test(LedgerMachine, settings=profile)
        return 1
    stop_at = time.monotonic() + LONG_SECONDS_PER_POLICY
    left, rounds = profile.max_examples, 0
    while left > 0 and time.monotonic() < stop_at:
        examples = min(LONG_ROUND_EXAMPLES, left)
        run_state_machine_as_test(LedgerMachine, settings=settings(profile, max_examples=examples))
        left -= examples
        rounds += 1
    return rounds


@pytest.mark.parametrize("deduction_may_overdraw", [False, True], ids=["no-debts", "debts-allowed"])
def test_the_ledger_keeps_its_invariants(request, database_url, deduction_may_overdraw):
    described: list[str] = []

    def note_statistics(stats) -> None:
        stats["nodeid"] = request.node.nodeid
        described[:] = [describe_statistics(stats)]

    with asyncio.Runner() as runner:
        LedgerMachine.deduction_may_overdraw = deduction_may_overdraw
        LedgerMachine.runner = runner
        LedgerMachine.fired = Counter()
        LedgerMachine.examples = 0
        LedgerMachine.pool = runner.run(create_pool(database_url, minimum=2, maximum=16))
        try:
            # The Hypothesis plugin prints statistics for @given tests only; this test needs
            # fixtures and its own runner, so it hands the plugin its statistics itself.
            with collector.with_value(note_statistics):
                rounds = _run_the_machine()
        finally:
            runner.run(LedgerMachine.pool.close())
    fired = LedgerMachine.fired
    rules = [name for name, value in vars(LedgerMachine).items() if hasattr(value, RULE_MARKER)]
    tally = [
        f"  - profile {settings.get_current_profile_name()!r}: {LedgerMachine.examples} examples run "
        f"(invalid ones included) in {rounds} round(s), {fired.total()} steps; steps per rule:",
        *(f"      {name}: {fired[name]}" for name in sorted(rules, key=lambda name: -fired[name])),
    ]
    request.node.hypothesis_statistics = "\n".join([*described[-1:], *tally])
