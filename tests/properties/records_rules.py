"""The ledger machine's fairness links (services/links.py), carry-over from paper
(services/carry_over.py) and retries with an Idempotency-Key (invariant 6)."""

from __future__ import annotations

import csv
import io
import uuid

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from ledger.domain.carry_over import FundOpening
from ledger.domain.commands import Decide
from ledger.services import carry_over as carry_over_service
from ledger.services import links as link_service
from tests.properties.counter_rules import CounterRules
from tests.properties.model import LINKABLE_STAFF, Answered, ModelPublicity
from tests.properties.points_rules import PointsRules


class RecordsRules(PointsRules, CounterRules):
    # ---- fairness links --------------------------------------------------------------------

    @rule(
        household=PointsRules.households,
        role=st.sampled_from(LINKABLE_STAFF),
        kind=st.sampled_from(["own", "related"]),
        self_declared=st.booleans(),
    )
    def link_household(self, household: uuid.UUID, role: str, kind: str, self_declared: bool) -> None:
        """A staff member declares a household (by its number) their own or related, or the
        admin records it for them; from then on they never act on it, and a staff member's
        own household is the supervision committee's to award."""
        self._fired("link_household")
        if self_declared:
            call = link_service.declare_by_number(
                self.pool, self.community_id, self.staff(role), self.model.numbers[household], kind
            )
        else:
            call = link_service.link_household(
                self.pool, self.community_id, self.staff("admin"), self.staff(role), household, kind
            )
        linked = self.run(call)
        assert linked == self.model.link(role, household, kind)
        event(f"link: {kind}, {'new' if linked else 'already linked'}")

    # ---- carry-over from paper ---------------------------------------------------------------

    @rule(
        chosen=st.lists(PointsRules.households, min_size=1, max_size=3, unique=True),
        data=st.data(),
        check_only=st.booleans(),
        then=st.sampled_from(["approve", "approve", "reject", "leave open"]),
    )
    def carry_over(self, chosen: list[uuid.UUID], data: st.DataObject, check_only: bool, then: str) -> None:
        """A committee member uploads a sheet of passbook balances: all or nothing, and a
        household already carried over (proposed, in publicity or in effect) or linked to
        them is a problem on its row. Most sheets are decided at once (so that carried-in
        balances meet the board, objections and the end of publicity often); some wait."""
        self._fired("carry_over")
        figures = {
            household: (
                data.draw(st.integers(0, 400), label="spendable"),
                data.draw(st.integers(-30, 400), label="honour"),
            )
            for household in chosen
        }
        self._carry_over(figures, check_only, then)

    def _sheet(self, figures: dict[uuid.UUID, tuple[int, int]]) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["户号", "可用积分", "荣誉积分", "页码"])
        for page, (household, (spendable, honour)) in enumerate(figures.items(), 1):
            writer.writerow([self.model.numbers[household], spendable, honour, page])
        return out.getvalue().encode()

    def _carry_over(self, figures: dict[uuid.UUID, tuple[int, int]], check_only: bool, then: str) -> None:
        chosen = list(figures)
        head = self.head()
        report = self.run(
            carry_over_service.propose_sheet(
                self.pool,
                self.community_id,
                self.staff("committee"),
                frozenset({"committee"}),
                self._sheet(figures),
                None,
                check_only,
            )
        )
        expected = self.model.carry_over_problem_rows(chosen)
        event(f"carry-over: {'refused' if expected else 'checked' if check_only else 'proposed'}")
        assert [problem.row for problem in report.problems] == expected
        if expected or check_only:
            assert not report.proposed
            assert self.head() == head  # nothing written
            return
        assert report.proposed
        carry_over_id = uuid.UUID(report.carry_over_id)
        self.model.open_sheets[carry_over_id] = figures
        self.model.carried.update(dict.fromkeys(chosen, "proposed"))
        if then != "leave open":
            self._decide_sheet(carry_over_id, approve=then == "approve", own=False)

    @precondition(lambda self: self.model.open_sheets)
    @rule(data=st.data())
    def decide_carry_over(self, data: st.DataObject) -> None:
        """Another decides (here the supervision committee), never the proposer. Approved,
        each balance waits on the board as pending; rejected, its households are free."""
        self._fired("decide_carry_over")
        approve = data.draw(st.booleans(), label="approve")
        own = data.draw(st.booleans(), label="own")
        self._decide_sheet(self._pick(data, list(self.model.open_sheets), "sheet"), approve, own)

    def _decide_sheet(self, carry_over_id: uuid.UUID, approve: bool, own: bool) -> None:
        model = self.model
        decider = "committee" if own else "supervisor"
        decide = carry_over_service.decide(
            self.pool,
            self.community_id,
            self.staff(decider),
            frozenset({decider}),
            carry_over_id,
            Decide(approve=approve),
        )
        linked = any(model.linked_to(decider, household) for household in model.open_sheets[carry_over_id])
        expected = "own_proposal" if own else "conflict_of_interest" if linked else None
        if self._outcome(decide, expected) is None:
            return
        sheet = model.open_sheets.pop(carry_over_id)
        if not approve:
            for household in sheet:
                del model.carried[household]
            return
        lines = self.run(carry_over_service.carry_over_lines(self.pool, self.community_id, carry_over_id))
        assert {uuid.UUID(line["household_id"]) for line in lines} == set(sheet)
        for line in lines:
            household = uuid.UUID(line["household_id"])
            spendable, honour = sheet[household]
            model.publicity[line["posted_seq"]] = ModelPublicity(household, spendable, carried_honour=honour)
            model.households[household].pending += spendable  # invariant 8: not spendable yet
            model.carried[household] = "publicity"

    @rule(amount_fen=st.integers(0, 500_000), approve=st.booleans())
    def carry_over_the_fund(self, amount_fen: int, approve: bool) -> None:
        """The fund's opening balance: proposed, then approved or rejected by another; once
        carried over (or while one waits), a second is refused."""
        self._fired("carry_over_the_fund")
        opening = FundOpening(amount_fen=amount_fen, reference="旧账本")
        propose = carry_over_service.propose_fund(
            self.pool, self.community_id, self.staff("committee"), frozenset({"committee"}), opening
        )
        answer = self._outcome(propose, "already_exists" if self.model.fund_opening is not None else None)
        if answer is None:
            return
        decision = carry_over_service.decide(
            self.pool,
            self.community_id,
            self.staff("supervisor"),
            frozenset({"supervisor"}),
            uuid.UUID(answer["carry_over_id"]),
            Decide(approve=approve),
        )
        self.run(decision)
        if approve:
            self.model.fund_opening = "confirmed"
            self.model.fund_fen += amount_fen

    # ---- retries (invariant 6) -----------------------------------------------------------

    def _send_again(self, earlier: Answered, another_body: bool):
        """The same command with the same key, or another command under that key."""
        if earlier.call[0] == "award":
            _, household, rule_id = earlier.call
            return self._send_award(household, rule_id, earlier.key, "另一件事" if another_body else None)
        kind, household, lines = earlier.call
        if another_body:
            lines = [(goods_id, quantity + 1) for goods_id, quantity in lines]
        if kind == "redeem":
            return self._send_cart(household, lines, earlier.key)
        return self._send_by_card(household, lines, earlier.key, None)  # a retry's PIN is not asked

    @precondition(lambda self: self.model.answered)
    @rule(data=st.data())
    def replay(self, data: st.DataObject) -> None:
        """A retry answers as the first call did, whatever changed since: the policy, a link,
        the PIN's lock."""
        self._fired("replay")
        earlier = self._pick(data, self.model.answered, "earlier command")
        event(f"replay: {'after' if self.model.changes > earlier.changes_before else 'with no'} change since")
        head = self.head()
        again = self.run(self._send_again(earlier, another_body=False))
        assert again["replayed"] is True
        assert {k: v for k, v in again.items() if k != "replayed"} == {
            k: v for k, v in earlier.answer.items() if k != "replayed"
        }
        assert self.head() == head

    @precondition(lambda self: self.model.answered)
    @rule(data=st.data())
    def reuse_key_for_another_request(self, data: st.DataObject) -> None:
        self._fired("reuse_key_for_another_request")
        earlier = self._pick(data, self.model.answered, "earlier command")
        self._refused_with_nothing_written(
            self._send_again(earlier, another_body=True), "idempotency_conflict"
        )
