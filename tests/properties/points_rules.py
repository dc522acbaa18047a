"""The ledger machine's points: direct awards (with the policy that may forbid them and the
yearly cap), reversals and the counter's cancellations, and last year's settlement, through
services/{awards,reversals,counter,settlement}.py."""

from __future__ import annotations

import datetime
import uuid

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from ledger.domain import commands
from ledger.domain import events as kinds
from ledger.services import awards as award_service
from ledger.services import counter as counter_service
from ledger.services import reversals as reversal_service
from ledger.services import settlement as settlement_service
from tests.properties.machine import MachineBase
from tests.properties.model import Answered, ModelEvent


class PointsRules(MachineBase):
    @rule(data=st.data())
    def award(self, data: st.DataObject) -> None:
        self._fired("award")
        keyed = data.draw(st.booleans(), label="keyed")
        self._award(self._household(data), self._rule(data), keyed)

    def _send_award(self, household: uuid.UUID, rule_id: uuid.UUID, key: str | None, note: str | None = None):
        command = commands.Award(household_id=household, rule_id=rule_id, note=note)
        return award_service.award(self.pool, self.community_id, self.staff("committee"), command, key)

    def _award(self, household: uuid.UUID, rule_id: uuid.UUID, keyed: bool) -> None:
        key = uuid.uuid4().hex if keyed else None
        points = self.model.rule_points[rule_id]
        expected = self.model.award_refusal(household, rule_id)
        answer = self._outcome(self._send_award(household, rule_id, key), expected)
        if answer is None:
            return
        if self.model.rule_publicity[rule_id]:
            assert answer["kind"] == kinds.PUBLICITY_STARTED
            self.model.post(answer["event_seq"], household, points)
        else:
            spendable_delta = self.model.take_effect(household, points)
            assert answer["spendable_after"] == self.model.households[household].spendable
            self.model.reversible[answer["event_seq"]] = ModelEvent(
                answer["kind"], household, spendable_delta, points
            )
        if key:
            self.model.answered.append(
                Answered(key, ("award", household, rule_id), answer, self.model.changes)
            )

    def _rules_for_last_year(self) -> list[uuid.UUID]:
        # in the order defined (sorting random ids would make the draws depend on chance)
        model = self.model
        return [r for r, p in model.rule_points.items() if p > 0 and not model.rule_publicity[r]]

    @precondition(lambda self: self._rules_for_last_year())
    @rule(data=st.data())
    def award_for_last_year(self, data: st.DataObject) -> None:
        """Entered late, dated in December of last year: it counts against last year's cap
        and, until last year is settled, it is what settling may expire."""
        self._fired("award_for_last_year")
        household = self._household(data)
        self._award_for_last_year(household, self._pick(data, self._rules_for_last_year(), "rule"))

    def _award_for_last_year(self, household: uuid.UUID, rule_id: uuid.UUID) -> None:
        model = self.model
        points = model.rule_points[rule_id]
        command = commands.Award(
            household_id=household,
            rule_id=rule_id,
            note="补录",
            occurred_on=datetime.date(model.year - 1, 12, 31),
        )
        call = award_service.award(self.pool, self.community_id, self.staff("committee"), command, None)
        answer = self._outcome(call, model.award_refusal(household, rule_id, last_year=True))
        if answer is None:
            return
        figures = model.households[household]
        figures.spendable += points
        figures.honour += points
        model.earned_last_year[household] += points
        if model.settled is None:
            model.held_from_last_year[household] += points
        model.reversible[answer["event_seq"]] = ModelEvent(
            kinds.AWARD_CONFIRMED, household, points, points, last_year=True
        )

    @rule(allowed=st.booleans())
    def allow_direct_awards(self, allowed: bool) -> None:
        """The committee's policy: direct awards, or every award through a proposal."""
        self._fired("allow_direct_awards")
        changed = self.change_policy(commands.ChangePolicy(direct_awards=allowed))
        assert changed == (allowed != self.model.direct_awards)
        self.model.direct_awards = allowed
        self.model.changes += 1

    @rule(cap=st.sampled_from([60, 150, 0]))
    def set_yearly_cap(self, cap: int) -> None:
        """A cap may be set, lowered below what someone already earned, raised or lifted:
        it only ever stops new awards."""
        self._fired("set_yearly_cap")
        self.change_policy(commands.ChangePolicy(yearly_points_cap=cap))
        self.model.yearly_cap = cap

    @rule(policy=st.sampled_from(["expire", "carry_over"]))
    def settle_last_year(self, policy: str) -> None:
        """Last year is settled once, by the policy of that moment; a second settlement
        answers the first and changes nothing, whatever the policy has become."""
        self._fired("settle_last_year")
        model = self.model
        self.change_policy(commands.ChangePolicy(year_end=policy))
        model.year_end = policy
        head = self.head()
        answer = self.run(settlement_service.settle(self.pool, self.community_id, model.year - 1))
        if model.settled is not None:
            assert answer["replayed"] is True
            assert answer["event_seq"] == model.settled["event_seq"]
            assert self.head() == head
            return
        expired_total, households = model.settle()
        event(f"settlement: {policy}, {'some' if expired_total else 'no'} points expired")
        assert (answer["policy"], answer["points_expired"], answer["households"]) == (
            policy,
            expired_total,
            households,
        )
        model.settled = answer

    # ---- reversals (invariant 9 as far as the core goes) -----------------------------------

    def _reversible_targets(self) -> list[int]:
        return sorted(self.model.reversible) + sorted(self.model.reversal_household)

    @precondition(lambda self: self._reversible_targets())
    @rule(data=st.data())
    def reverse(self, data: st.DataObject) -> None:
        """The supervision committee corrects the record: never in favour of a household
        linked to them; a reversal is never reversed, an event only once."""
        self._fired("reverse")
        seq = self._pick(data, self._reversible_targets(), "event")
        event("reverse: a reversal" if seq in self.model.reversal_household else "reverse: an event")
        command = commands.Reverse(event_seq=seq, reason="复核更正")
        call = reversal_service.reverse(
            self.pool, self.community_id, self.staff("supervisor"), frozenset({"supervisor"}), command, None
        )
        answer = self._outcome(call, self.model.reversal_refusal(seq))
        if answer is not None:
            assert answer["kind"] == kinds.REVERSAL_RECORDED
            self.model.reverse(seq, answer["event_seq"])

    @precondition(lambda self: self._reversible_targets())
    @rule(data=st.data())
    def cancel_at_the_counter(self, data: st.DataObject) -> None:
        """The counter user who sold a cart cancels it the same day: the same restoring as a
        reversal, under its own kind; anything but a sale is no redemption to cancel."""
        self._fired("cancel_at_the_counter")
        seq = self._pick(data, self._reversible_targets(), "event")
        command = commands.CancelRedemption(reason="顾客退货")
        call = counter_service.cancel(self.pool, self.community_id, self.principal("counter"), seq, command)
        answer = self._outcome(call, self.model.cancellation_refusal(seq))
        if answer is not None:
            assert answer["kind"] == kinds.REDEMPTION_CANCELLED
            self.model.reverse(seq, answer["event_seq"])
