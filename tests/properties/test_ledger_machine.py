"""DESIGN §2 invariants 1–10, checked after every step of random command sequences run
through the services, as the API and the pages call them, on real PostgreSQL, beside a
plain in-memory model (tests/properties/model.py). The rules are in the *_rules modules
beside this one, by subject; here they are put together, seeded and checked."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections import Counter

import asyncpg
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RULE_MARKER,  # the attribute @rule puts on a rule
    initialize,
    invariant,
    multiple,
    run_state_machine_as_test,
)
from hypothesis.statistics import collector, describe_statistics

from ledger.store import carry_over as carry_over_store
from ledger.store import integrity, queries
from ledger.store.pool import create_pool
from ledger.store.queries import groups as group_reads
from tests.properties.catalog_rules import CatalogRules
from tests.properties.claims_rules import ClaimsRules
from tests.properties.fund_rules import FundRules
from tests.properties.groups_rules import GroupsRules
from tests.properties.publicity_rules import OBJECTING_ADDRESSES, PublicityRules
from tests.properties.records_rules import RecordsRules


class LedgerMachine(RecordsRules, PublicityRules, CatalogRules, GroupsRules, ClaimsRules, FundRules):
    # ---- set-up -------------------------------------------------------------------------

    @initialize(
        target=RecordsRules.households,
        points=st.lists(st.sampled_from([400, 150, 60, 0]), min_size=2, max_size=3),
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
        # awards, and the first household's balance carried over from its passbook; the
        # second's sheet waits for a decision.
        posted = self._define_rule(25, needs_publicity=True)
        for household in seeded:
            self._award(household, posted, keyed=False)
        self._carry_over({seeded[0]: (120, 80)}, check_only=False, then="approve")
        self._carry_over({seeded[1]: (60, 20)}, check_only=False, then="leave open")
        # Groups and grids to place households in, and give the scorer.
        self._seed_groups()
        # A rule residents may claim themselves.
        self._seed_claims()
        # And a proposal waiting for its decision, an objection for the supervision committee's.
        self._propose(seeded[0], posted)
        self._object(min(self.model.publicity), ("address", OBJECTING_ADDRESSES[0]))
        return multiple(*seeded)

    @initialize(target=RecordsRules.goods, prices=st.lists(st.integers(1, 30), min_size=1, max_size=3))
    def seed_goods(self, prices: list[int]):
        seeded = []
        for price in prices:
            goods_id = self._list_goods(price)
            self._receive_stock(goods_id, 30)
            seeded.append(goods_id)
        return multiple(*seeded)

    # ---- invariants ------------------------------------------------------------------------

    @invariant()
    def figures_match_the_model(self) -> None:  # invariant 1 (with the fold check below)
        rows = self.run(queries.all_household_figures(self.pool, self.community_id))
        stored = {row["household_id"]: (row["spendable"], row["pending"], row["honour"]) for row in rows}
        assert stored == {h: (m.spendable, m.pending, m.honour) for h, m in self.model.households.items()}

    @invariant()
    def earnings_against_the_cap_match_the_model(self) -> None:
        async def earned(year: int):
            return {
                household: await queries.earned_in_year(self.pool, self.community_id, household, year)
                for household in self.model.households
            }

        assert self.run(earned(self.model.year)) == self.model.earned
        assert self.run(earned(self.model.year - 1)) == self.model.earned_last_year

    @invariant()
    def the_fund_matches_the_model_and_is_never_negative(self) -> None:  # invariant 3
        balance = self.run(queries.fund_balance(self.pool, self.community_id))
        assert balance == self.model.fund_fen
        assert balance >= 0

    @invariant()
    def stock_matches_the_model_and_is_never_negative(self) -> None:  # invariant 3
        rows = self.run(queries.all_stock(self.pool, self.community_id))
        stored = {row["goods_id"]: row["stock"] for row in rows}
        assert stored == self.model.stock
        assert all(stock >= 0 for stock in stored.values())

    @invariant()
    def only_a_permitted_deduction_leaves_a_debt(self) -> None:  # invariant 2
        rows = self.run(queries.all_household_figures(self.pool, self.community_id))
        if not self.model.may_overdraw:
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
        assert stored == self.model.carried

    @invariant()
    def households_are_where_the_model_placed_them(self) -> None:
        rows = self.run(group_reads.all_places(self.pool, self.community_id))
        assert {row["household_id"]: (row["group_id"], row["grid_id"]) for row in rows} == self.model.places
        grids = self.run(group_reads.grids_of_scorer(self.pool, self.community_id, self.staff("scorer")))
        assert {row["group_id"] for row in grids} == self.model.scorer_grids

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
    rules = [name for name, value in inspect.getmembers(LedgerMachine) if hasattr(value, RULE_MARKER)]
    tally = [
        f"  - profile {settings.get_current_profile_name()!r}: {LedgerMachine.examples} examples run "
        f"(invalid ones included) in {rounds} round(s), {fired.total()} steps; steps per rule:",
        *(f"      {name}: {fired[name]}" for name in sorted(rules, key=lambda name: -fired[name])),
    ]
    request.node.hypothesis_statistics = "\n".join([*described[-1:], *tally])
