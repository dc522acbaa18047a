"""The ledger machine's residents' claims (村民申报, services/claims.py): the committee opens
award rules to claims; a household claims from its card within the day's limits; the scorer
of its grid or the committee decides (the supervision committee for a staff member's own
household), the fairness rules applying to the decider."""

from __future__ import annotations

import uuid

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from ledger.domain import commands
from ledger.services import claims as claim_service
from ledger.services import rule_catalog
from tests.properties.machine import MachineBase


class ClaimsRules(MachineBase):
    def _seed_claims(self) -> None:
        """A rule open to claims from the start, one in publicity too, and a claim of each
        waiting for its decision, so that claims are decided from the first steps."""
        first = next(iter(self.model.households))
        for rule_id in (self._define_rule(5), self._define_rule(10, needs_publicity=True)):
            self._open_to_claims(rule_id, True)
            self._claim(first, rule_id)

    def _open_to_claims(self, rule_id: uuid.UUID, claimable: bool) -> None:
        change = commands.ChangeRule(claimable=claimable)
        call = rule_catalog.change_rule(
            self.pool, self.community_id, self.staff("committee"), rule_id, change
        )
        model = self.model
        expected = "validation_failed" if claimable and model.rule_points[rule_id] < 0 else None
        changed = self._outcome(call, expected)
        if expected is None:
            assert changed == ((rule_id in model.claimable) != claimable)
            (model.claimable.add if claimable else model.claimable.discard)(rule_id)

    @rule(data=st.data(), claimable=st.sampled_from([True, True, False]))
    def open_rule_to_claims(self, data: st.DataObject, claimable: bool) -> None:
        """The committee opens a rule to residents' claims, or closes it (a deduction never)."""
        self._fired("open_rule_to_claims")
        self._open_to_claims(self._rule(data), claimable)

    @rule(data=st.data())
    def claim(self, data: st.DataObject) -> None:
        """A household claims from its card: a claimable rule most of the time."""
        self._fired("claim")
        model = self.model
        rule_id = self._prefer(data, self._rule(data), sorted(model.claimable), "claimable rule")
        self._claim(self._household(data), rule_id)

    def _claim(self, household: uuid.UUID, rule_id: uuid.UUID) -> None:
        model = self.model
        token = model.cards[household].rsplit("/c/", 1)[1]
        call = claim_service.claim(self.pool, token, commands.Claim(rule_id=rule_id, note="扫了巷子"))
        answer = self._outcome(call, model.claim_refusal(household, rule_id))
        if answer is not None:
            model.claims[uuid.UUID(answer["proposal_id"])] = (household, rule_id)
            model.claimed_today.setdefault(household, []).append(rule_id)
            assert answer["claims_left_today"] == model.CLAIMS_PER_DAY - len(model.claimed_today[household])

    @precondition(lambda self: self.model.claims)
    @rule(data=st.data())
    def decide_claim(self, data: st.DataObject) -> None:
        """The grid's scorer, the committee or the supervision committee decides a claim; a
        rejection always says why (the service refuses one that does not)."""
        self._fired("decide_claim")
        model = self.model
        approve = data.draw(st.booleans(), label="approve")
        decider = data.draw(
            st.sampled_from(["scorer", "committee", "committee", "supervisor"]), label="decider"
        )
        proposal_id = self._pick(data, list(model.claims), "claim")
        command = commands.Decide(approve=approve, reason=None if approve else "照片看不清")
        call = claim_service.decide(
            self.pool, self.community_id, self.staff(decider), frozenset({decider}), proposal_id, command
        )
        decided = self._outcome(call, model.claim_decision_refusal(proposal_id, decider, approve))
        if decided is None:
            return  # still open for someone who may decide it
        event(f"claim {'approved' if approve else 'rejected'} by {decider}")
        household, rule_id = model.claims.pop(proposal_id)
        if approve:
            points = model.rule_points[rule_id]
            if model.rule_publicity[rule_id]:
                model.post(decided["award_seq"], household, points)
            else:
                model.take_effect(household, points)
