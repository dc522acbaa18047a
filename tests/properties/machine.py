"""What every part of the ledger machine shares: the runner and pool it drives the services
with, the staff it acts as, its model, and the ways it draws and checks.

Hypothesis rules are synchronous, so one asyncio runner (and one pool inside it) drives the
services for the whole test. Each rule calls the service function of its use case, as the
API and the pages call it (the acting staff member, their roles, an Idempotency-Key), so
every rule of the use case — policy, fairness, maker-checker, limits, PINs, retries — is
inside the model."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Sequence
from typing import TypeVar

import asyncpg
import pytest
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine

from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.services import counter
from ledger.services.auth import Principal
from ledger.store import queries
from ledger.store.group_commit import RedemptionBatcher
from tests.properties.model import Model
from tests.support import keep_the_day_from_turning, new_village

Drawn = TypeVar("Drawn")

# An index into what exists at run time: its shape never depends on how many there are, so
# an example replays the same draws even where a race decided the count (FlakyStrategyDefinition).
_INDEX = st.integers(0, 2**16)


class MachineBase(RuleBasedStateMachine):
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
        type(self).examples += 1
        self.batcher = RedemptionBatcher(self.pool, batch_max=5)
        self.village = self.run(new_village(self.pool, deduction_may_overdraw=self.deduction_may_overdraw))
        self.community_id = self.village.community_id
        # Claims and objections are limited per community day: the village's day must not turn mid-example.
        today = self.run(keep_the_day_from_turning(self.pool, self.village))
        self.model = Model(may_overdraw=self.deduction_may_overdraw, year=today.year)
        self.change_policy(commands.ChangePolicy(publicity_days=3))

    def run(self, coroutine):
        return self.runner.run(coroutine)

    def staff(self, role: str) -> uuid.UUID:
        return self.village.staff[role]

    def principal(self, role: str) -> Principal:
        return Principal(
            user_id=self.staff(role),
            username=self.village.usernames[role],
            roles={self.community_id: frozenset({role})},
        )

    def change_policy(self, change: commands.ChangePolicy) -> bool:
        """As the committee changes it (PATCH /policy)."""
        return self.run(counter.change_policy(self.pool, self.community_id, self.staff("committee"), change))

    def _fired(self, rule_name: str) -> None:
        """Hypothesis' statistics show the share of examples in which each rule ran; the
        tally counts every run, so the long profile shows how often each rule fired."""
        event(f"rule: {rule_name}")
        self.fired[rule_name] += 1

    def head(self) -> int:
        return self.run(queries.community(self.pool, self.community_id))["head_seq"]

    def _pick(self, data: st.DataObject, candidates: Sequence[Drawn], label: str) -> Drawn:
        """One of what exists now, in the order it came to exist."""
        return candidates[data.draw(_INDEX, label=label) % len(candidates)]

    def _household(self, data: st.DataObject) -> uuid.UUID:
        """A household, drawn inside a rule: Hypothesis picks the rules of fewer arguments
        more often, so a rule that should run often draws what it needs from `data`."""
        return self._pick(data, list(self.model.households), "household")

    def _rule(self, data: st.DataObject) -> uuid.UUID:
        return self._pick(data, list(self.model.rule_points), "rule")

    def _prefer(self, data: st.DataObject, drawn: Drawn, candidates: Sequence[Drawn], what: str) -> Drawn:
        """Half the time, swap a drawn household or goods item for one that has points or
        stock, so that sales happen as often as refusals."""
        if data.draw(st.booleans(), label=f"prefer {what}") and candidates:
            return self._pick(data, candidates, what)
        return drawn

    def _refused_with_nothing_written(self, call, code: str) -> None:
        event(f"refused: {code}")
        head = self.head()
        with pytest.raises(Refused) as refusal:
            self.run(call)
        assert refusal.value.code == code
        assert self.head() == head

    def _outcome(self, call, expected: str | None):
        """The answer when the model expects none of its refusals; else the refusal checked,
        with nothing written, and None."""
        if expected is None:
            return self.run(call)
        self._refused_with_nothing_written(call, expected)
        return None
