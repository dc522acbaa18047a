"""The ledger machine's proposals and publicity: a scorer proposes, someone else decides;
awards wait on the board, where residents object (from the board by address, or with
their card) and the supervision committee decides; the calendar confirms the rest. Through
services/{proposals,objections,publicity}.py."""

from __future__ import annotations

import datetime
import uuid

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from ledger import limits
from ledger.domain import commands
from ledger.services import objections as objection_service
from ledger.services import proposals as proposal_service
from ledger.services import publicity as publicity_service
from tests.properties.machine import MachineBase

# The board's objections come from these addresses: few, so the limits are reached.
OBJECTING_ADDRESSES = ("10.0.0.1", "10.0.0.2")
# Past every end date: the calendar as the background task or `ledger tick` would see it.
FAR_FUTURE = datetime.date(2099, 1, 1)


class PublicityRules(MachineBase):
    @rule(data=st.data())
    def propose(self, data: st.DataObject) -> None:
        """A scorer proposes, never for a household linked to them, and — once given grids —
        only for the households of those grids."""
        self._fired("propose")
        self._propose(self._household(data), self._rule(data))

    def _propose(self, household: uuid.UUID, rule_id: uuid.UUID) -> None:
        command = commands.Propose(rule_id=rule_id, household_ids=[household])
        call = proposal_service.propose(self.pool, self.community_id, self.staff("scorer"), command)
        answer = self._outcome(call, self.model.proposal_refusal(household))
        if answer is not None:
            self.model.proposals[uuid.UUID(answer["proposal_ids"][0])] = (household, rule_id)

    @precondition(lambda self: self.model.proposals)
    @rule(data=st.data())
    def decide_proposal(self, data: st.DataObject) -> None:
        """Maker-checker and fairness: the proposer (the scorer) never decides; the committee
        decides for households, the supervision committee for staff members' own. (Drawn
        inside: Hypothesis picks rules of fewer arguments more often.)"""
        self._fired("decide_proposal")
        approve = data.draw(st.booleans(), label="approve")
        decider = data.draw(st.sampled_from(["committee", "supervisor", "scorer"]), label="decider")
        model = self.model
        proposal_id = self._pick(data, list(model.proposals), "proposal")
        call = proposal_service.decide(
            self.pool,
            self.community_id,
            self.staff(decider),
            frozenset({decider}),
            [proposal_id],
            commands.Decide(approve=approve),
        )
        answers = self._outcome(call, model.decision_refusal(proposal_id, decider, approve))
        if answers is None:
            return  # still open: someone else may decide it, or approve it once the cap is raised
        household, rule_id = model.proposals.pop(proposal_id)
        if approve:
            points = model.rule_points[rule_id]
            if model.rule_publicity[rule_id]:
                model.post(answers[0]["award_seq"], household, points)
            else:
                model.take_effect(household, points)

    def _open_items(self) -> list[int]:
        return [seq for seq, item in self.model.publicity.items() if item.status == "open"]

    @precondition(lambda self: self._open_items())
    @rule(data=st.data())
    def object_to(self, data: st.DataObject) -> None:
        """One source objects, once or several times: from the board by its address or with
        a household's card, each within the objection limits of the community's day."""
        self._fired("object_to")
        by_card = data.draw(st.booleans(), label="by card")
        times = data.draw(st.integers(1, 4), label="times")
        if by_card:
            household = self._pick(data, list(self.model.households), "objecting household")
            source: tuple = ("card", household)
        else:
            source = ("address", self._pick(data, OBJECTING_ADDRESSES, "address"))
        for _ in range(times):
            self._object(self._pick(data, self._open_items(), "award"), source)

    def _object(self, seq: int, source: tuple) -> None:
        model = self.model
        if source[0] == "card":
            token = model.cards[source[1]].rsplit("/c/", 1)[1]
            call = objection_service.object_with_card(self.pool, token, seq, "不属实")
            open_max, day_max = limits.OBJECTIONS_OPEN_PER_AWARD_PER_CARD, limits.OBJECTIONS_PER_DAY_PER_CARD
        else:
            call = objection_service.object_from_board(self.pool, self.community_id, seq, "不属实", source[1])
            open_max = limits.OBJECTIONS_OPEN_PER_AWARD_PER_ADDRESS
            day_max = limits.OBJECTIONS_PER_DAY_PER_ADDRESS
        raised = model.objections_by_source.setdefault(source, [])
        still_open = [o for o, s in raised if s == seq and model.publicity[s].objections[o] == "open"]
        expected = (
            "already_exists"
            if len(still_open) >= open_max
            else "rate_limited"
            if len(raised) >= day_max
            else None
        )
        answer = self._outcome(call, expected)
        if answer is not None:
            objection_id = uuid.UUID(answer["objection_id"])
            model.publicity[seq].objections[objection_id] = "open"
            raised.append((objection_id, seq))
            event(f"objection raised by {source[0]}")

    def _open_objections(self) -> list[tuple[int, uuid.UUID]]:
        return [
            (seq, objection)
            for seq, item in self.model.publicity.items()
            for objection, state in item.objections.items()
            if state == "open"
        ]

    @precondition(lambda self: self._open_objections())
    @rule(data=st.data())
    def decide_objection(self, data: st.DataObject) -> None:
        """The supervision committee decides, never on a household linked to its member."""
        self._fired("decide_objection")
        uphold = data.draw(st.booleans(), label="uphold")
        seq, objection_id = self._pick(data, self._open_objections(), "objection")
        item = self.model.publicity[seq]
        call = objection_service.decide(
            self.pool, self.community_id, self.staff("supervisor"), objection_id, uphold, "核实"
        )
        expected = "conflict_of_interest" if self.model.linked_to("supervisor", item.household) else None
        answer = self._outcome(call, expected)
        if answer is None:
            return
        item.objections[objection_id] = "upheld" if uphold else "dismissed"
        if uphold and item.status == "open":
            assert answer["award_rejected"] is True
            self.model.uphold(seq)

    @rule()
    def publicity_ends(self) -> None:
        """The calendar moves past every end date: what has no open or upheld objection
        is confirmed, in the order it was posted."""
        self._fired("publicity_ends")
        confirmed = self.run(publicity_service.confirm_due(self.pool, FAR_FUTURE, self.community_id))
        assert confirmed.get(self.community_id, 0) == self.model.confirm_due()
